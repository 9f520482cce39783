import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipeline, PipelineError, PipelineErrors, Random } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { shippedPipelinesDirectory } from '../shipped-pipelines.ts';
import { mutate } from './pipeline-mutations.ts';

/** What a fuzz run found: every outcome must be a valid pipeline or a located user error. */
export interface FuzzReport {
  tried: number;
  valid: number;
  /** Refused with errors that each name a file, line and column. */
  clearErrors: number;
  /** Anything else: a crash, an error without a place. Must stay empty. */
  other: { file: string; how: string; problem: string }[];
  slowestSeconds: number;
  /** How far the process's resident memory grew above where it started, at most. */
  rssGrowthMb: number;
}

function located(errors: readonly PipelineError[]): boolean {
  return (
    errors.length > 0 &&
    errors.every((error) => error.location.line >= 1 && error.location.col >= 1 && error.message.length > 0)
  );
}

/**
 * Seeded random mutations of the shipped pipelines (keys deleted, renamed, retyped, swapped;
 * edges rerouted; files cut; tags, aliases, control characters inserted; extends pointed at
 * devices and nonsense) through full validation. Mutants are written beside copies of the
 * shipped pipelines, so their extends, groups and plugins resolve.
 */
export async function fuzzPipelines(options: {
  seed: number;
  inputs: number;
  directory: string;
  onMutant?: (file: string, index: number) => Promise<void>;
}): Promise<FuzzReport> {
  const folder = join(options.directory, 'pipelines');
  cpSync(shippedPipelinesDirectory(), folder, { recursive: true });
  const originals = readdirSync(folder)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
  const random = Random.derive(options.seed, 'fuzz');
  const catalog = builtinCatalog();
  const report: FuzzReport = { tried: 0, valid: 0, clearErrors: 0, other: [], slowestSeconds: 0, rssGrowthMb: 0 };
  const baseline = process.memoryUsage().rss;
  for (let index = 0; index < options.inputs; index++) {
    const original = originals[random.int(originals.length)]!;
    const mutant = mutate(readFileSync(join(folder, original), 'utf8'), random);
    const file = join(folder, `fuzz-${index}.yaml`);
    writeFileSync(file, mutant.text);
    const started = performance.now();
    try {
      await loadPipeline(file, catalog);
      report.valid += 1;
    } catch (error) {
      const errors = error instanceof PipelineErrors ? error.errors : error instanceof PipelineError ? [error] : [];
      if (located(errors)) report.clearErrors += 1;
      else
        report.other.push({
          file,
          how: `${original}: ${mutant.how}`,
          problem: error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error),
        });
    }
    report.tried += 1;
    report.slowestSeconds = Math.max(report.slowestSeconds, (performance.now() - started) / 1000);
    report.rssGrowthMb = Math.max(report.rssGrowthMb, (process.memoryUsage().rss - baseline) / 2 ** 20);
    await options.onMutant?.(file, index);
  }
  return report;
}
