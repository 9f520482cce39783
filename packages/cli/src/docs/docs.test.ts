import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isGroup, parseYamlText } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { examplePipeline } from './stage-reference.ts';
import { DOCS_DIRECTORY, generatedDocs } from './write-docs.ts';
import { loadPipeline } from '@granular/core';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

describe('generated docs', () => {
  for (const [name, text] of Object.entries(generatedDocs())) {
    it(`docs/${name} is up to date (run \`npm run docs\` if not)`, () => {
      expect(readFileSync(join(DOCS_DIRECTORY, name), 'utf8')).toBe(text);
    });
  }

  it('every stage example is a valid pipeline', async () => {
    const catalog = builtinCatalog();
    const directory = mkdtempSync(join(tmpdir(), 'granular-docs-'));
    // Examples name the folders they read; validation checks that such folders exist.
    mkdirSync(join(directory, 'my-images'));
    for (const stage of catalog.stages.all().filter((s) => !isGroup(s))) {
      const file = join(directory, `${stage.name.replace('/', '-')}.yaml`);
      writeFileSync(file, examplePipeline(stage));
      const loaded = await loadPipeline(file, catalog);
      expect(loaded.graph.nodes.some((node) => node.use === stage.name), stage.name).toBe(true);
    }
  });

  it('the editor schema names every stage', () => {
    const schema = parseYamlText(generatedDocs()['pipeline.schema.json']!, 'schema', 'schema').value as {
      properties: { stages: { additionalProperties: { properties: { use: { enum: string[] } } } } };
    };
    expect(schema.properties.stages.additionalProperties.properties.use.enum).toEqual(builtinCatalog().stages.names());
  });
});
