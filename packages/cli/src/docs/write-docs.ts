// `npm run docs`: regenerates the files in docs/ that are derived from the registry.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinCatalog } from '../builtin-catalog.ts';
import { lossReference, metricReference, modelReference } from './component-reference.ts';
import { editorSchema, stageReference } from './stage-reference.ts';

export const DOCS_DIRECTORY = join(import.meta.dirname, '..', '..', '..', '..', 'docs');

export function generatedDocs(): Record<string, string> {
  const catalog = builtinCatalog();
  return { 'stages.md': stageReference(catalog), 'models.md': modelReference(catalog), 'losses.md': lossReference(catalog), 'metrics.md': metricReference(catalog), 'pipeline.schema.json': editorSchema(catalog) };
}

if (process.argv[1] === import.meta.filename) {
  for (const [name, text] of Object.entries(generatedDocs())) {
    writeFileSync(join(DOCS_DIRECTORY, name), text);
    console.log(`wrote docs/${name}`);
  }
}
