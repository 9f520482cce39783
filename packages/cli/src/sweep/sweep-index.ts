import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, writeFileAtomic } from '@granular/core';
import type { PlannedRun } from './sweep-plan.ts';

export type SweepRunStatus = 'waiting' | 'running' | 'completed' | 'failed' | 'interrupted';

export interface SweepRunEntry extends PlannedRun {
  /** The pipeline file this run runs, absolute (sweeps of several files); absent: the index's `file`. */
  file?: string;
  /** The run directory, relative to the sweep directory. */
  directory: string;
  /** The run's output (stdout and stderr), relative to the sweep directory. */
  log: string;
  status: SweepRunStatus;
  exitCode?: number;
  startedAt?: string;
  finishedAt?: string;
  /** The last lines of the log of a failed run. */
  error?: string;
  /** A queued sweep's run: its job id in the queue, and the progress its worker last reported. */
  job?: string;
  progress?: RunProgress;
}

/** What a worker reports of a queued run while it trains: its step, latest numbers and host. */
export interface RunProgress {
  step?: number;
  values?: Record<string, number>;
  host?: string;
}

/** sweep.json: what a sweep directory holds, rewritten atomically whenever a run changes state. */
export interface SweepIndex {
  /** The pipeline's name; several names joined by `+` for a sweep of several files. */
  pipeline: string;
  /** The (first) pipeline file, absolute. */
  file: string;
  /** Every pipeline file of the sweep, absolute, in the order given (absent in sweeps of one file made before). */
  files?: string[];
  createdAt: string;
  grid: Record<string, unknown[]>;
  seeds: number[];
  jobs: number;
  /** Arguments every run got besides its settings and seed (--set, --backend, --max-steps, --max-time). */
  common: string[];
  /** A sweep run on a queue (granular sweep --queue): its id there, and the queue (URL without its password). */
  queue?: { id: string; url: string; directory: string };
  runs: SweepRunEntry[];
}

export const SWEEP_INDEX = 'sweep.json';

export function writeSweepIndex(directory: string, index: SweepIndex): void {
  writeFileAtomic(join(directory, SWEEP_INDEX), `${JSON.stringify(index, null, 2)}\n`);
}

export function readSweepIndex(directory: string): SweepIndex {
  const file = join(directory, SWEEP_INDEX);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SweepIndex;
  } catch (error) {
    throw new UserError(
      `cannot read ${file}: ${(error as Error).message}`,
      'give a directory written by granular sweep',
    );
  }
}
