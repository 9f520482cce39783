import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contribution, createCatalog, loadPipeline, type Contribution, type LoadedPipeline } from '../../src/index.ts';

export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'granular-test-'));
}

/** Writes `text` to a temporary pipeline file and loads it with the toy stages plus `extra`. */
export async function pipelineFromText(
  text: string,
  extra: Contribution = {},
  overrides: string[] = [],
): Promise<LoadedPipeline> {
  const file = join(temporaryDirectory(), 'pipeline.yaml');
  writeFileSync(file, text);
  return loadPipeline(file, createCatalog(contribution, extra), { overrides });
}
