import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@granular/core';
import type { EvaluationRecord } from './evaluation-record.ts';

/**
 * A run's metrics.json: every evaluation ever made of it, oldest first, each with what it was
 * computed on; `step` and `values` repeat the latest one, for readers that want one number per
 * metric. Files written before evaluations were kept have only `step` and `values`.
 */
export interface MetricsFile {
  step: number;
  values: Record<string, number>;
  evaluations?: EvaluationRecord[];
}

export function readMetricsFile(runDirectory: string): MetricsFile | undefined {
  const file = join(runDirectory, 'metrics.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as MetricsFile) : undefined;
}

/** Appends an evaluation to a run's metrics.json (written atomically): earlier ones are kept, never overwritten. */
export function recordEvaluation(runDirectory: string, record: EvaluationRecord): void {
  const previous = readMetricsFile(runDirectory);
  const evaluations = [...(previous?.evaluations ?? []), record];
  writeFileAtomic(join(runDirectory, 'metrics.json'), `${JSON.stringify({ step: record.step, values: record.values, evaluations } satisfies MetricsFile, null, 2)}\n`);
}
