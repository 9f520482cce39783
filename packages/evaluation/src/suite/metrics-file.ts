import { existsSync, readFileSync, rmSync } from 'node:fs';
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
  writeMetricsFile(runDirectory, [...(readMetricsFile(runDirectory)?.evaluations ?? []), record]);
}

/** Writes the evaluations with the newest repeated as `step` and `values`; with none, the file goes. */
function writeMetricsFile(runDirectory: string, evaluations: EvaluationRecord[]): void {
  const file = join(runDirectory, 'metrics.json');
  const latest = evaluations.at(-1);
  if (!latest) rmSync(file, { force: true });
  else
    writeFileAtomic(
      file,
      `${JSON.stringify({ step: latest.step, values: latest.values, evaluations } satisfies MetricsFile, null, 2)}\n`,
    );
}

/**
 * Forgets the evaluations training made after `step` (a resumed run is about to make them
 * again); those of `granular eval` stay.
 */
export function dropTrainingEvaluationsAfter(runDirectory: string, step: number): void {
  const previous = readMetricsFile(runDirectory);
  if (!previous?.evaluations) return;
  const evaluations = previous.evaluations.filter((record) => record.by !== 'training' || record.step <= step);
  if (evaluations.length < previous.evaluations.length) writeMetricsFile(runDirectory, evaluations);
}
