import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../test/helpers/pipeline-from-text.ts';
import { contribution, createCatalog, loadPipeline, PipelineErrors } from '../index.ts';

const catalog = createCatalog(contribution);
const coreEntry = join(import.meta.dirname, '..', 'index.ts');

const plugin = (name: string) => `import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage } from ${JSON.stringify(coreEntry)};
export const stages = [defineStage({
  name: '${name}', summary: 'negates', params: Type.Object({}, { additionalProperties: false }),
  input: 'Number', output: 'Number', example: '', create: () => map((x: number) => -x),
})];
`;

function setup(pluginText: string, use = 'lab/negate'): string {
  const directory = temporaryDirectory();
  writeFileSync(join(directory, 'negate.ts'), pluginText);
  writeFileSync(
    join(directory, 'pipeline.yaml'),
    `name: plugged\nplugins: [./negate.ts]\nstages:\n  numbers: { use: toy/count }\n  negated: { use: ${use}, from: numbers }\n  sink: { use: toy/record, from: negated }\n`,
  );
  return join(directory, 'pipeline.yaml');
}

describe('plugins', () => {
  it('register their stages for the pipeline that lists them', async () => {
    const loaded = await loadPipeline(setup(plugin('lab/negate')), catalog);
    expect(loaded.graph.byId.get('negated')!.definition.summary).toBe('negates');
    expect(catalog.stages.has('lab/negate')).toBe(false);
  });

  it('may not replace a built-in stage', async () => {
    const failure = (await loadPipeline(setup(plugin('toy/affine'), 'toy/affine'), catalog).catch(
      (e: unknown) => e,
    )) as PipelineErrors;
    expect(failure.errors[0]!.message).toMatch(/registers stage 'toy\/affine', which already exists/);
    expect([failure.errors[0]!.location.line, failure.errors[0]!.location.col]).toEqual([2, 11]);
  });

  it('that fail to import are reported at their entry, not as a crash', async () => {
    const failure = (await loadPipeline(setup('export const stages = [;\n'), catalog).catch(
      (e: unknown) => e,
    )) as PipelineErrors;
    expect(failure).toBeInstanceOf(PipelineErrors);
    expect(failure.errors[0]!.message).toMatch(/plugin '\.\/negate\.ts' failed to load/);
  });

  it('that export no definitions are refused', async () => {
    const failure = (await loadPipeline(setup('export const answer = 42;\n'), catalog).catch(
      (e: unknown) => e,
    )) as PipelineErrors;
    expect(failure.errors[0]!.message).toMatch(/exports none of stages, models, losses, metrics/);
  });
});
