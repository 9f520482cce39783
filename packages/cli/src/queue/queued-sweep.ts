import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { UserError } from '@granular/core';
import type { CommandIO } from '../io.ts';
import { formatDuration } from '../progress/progress-reporter.ts';
import {
  SWEEP_INDEX,
  writeSweepIndex,
  type RunProgress,
  type SweepIndex,
  type SweepRunEntry,
} from '../sweep/sweep-index.ts';
import { PREFIX } from './redis-queue.ts';
import { writeSummary, type RunJobData, type RunSummary } from './run-job.ts';

/** A sweep as Redis keeps it (beside its jobs): its index, so that any machine can watch or compare it by id. */
const sweepKey = (id: string) => `${PREFIX}:sweep:${id}`;

export async function saveQueuedSweep(redis: Redis, id: string, index: SweepIndex): Promise<void> {
  await redis.set(sweepKey(id), JSON.stringify(index));
}

export async function loadQueuedSweep(redis: Redis, id: string): Promise<SweepIndex> {
  const text = await redis.get(sweepKey(id));
  if (text === null)
    throw new UserError(`the queue holds no sweep '${id}'`, 'give the id that granular sweep --queue printed');
  return JSON.parse(text) as SweepIndex;
}

/** Enqueues one job per run (ids from `runJobId`: a job already queued, running or done is not added again). */
export async function enqueueRuns(
  queue: Queue,
  jobs: readonly { id: string; data: RunJobData }[],
  attempts: number,
): Promise<{ added: number; existing: number }> {
  let added = 0;
  for (const { id, data } of jobs) {
    if (await queue.getJob(id)) continue;
    await queue.add('run', data, {
      jobId: id,
      attempts,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: false,
      removeOnFail: false,
    });
    added++;
  }
  return { added, existing: jobs.length - added };
}

/** What the queue says of a run, in the sweep index's words. */
async function stateOf(queue: Queue, run: SweepRunEntry) {
  const job = run.job ? await queue.getJob(run.job) : undefined;
  if (!job) return { status: 'waiting' as const };
  const state = await job.getState();
  const progress = (typeof job.progress === 'object' ? job.progress : {}) as RunProgress;
  if (state === 'completed') return { status: 'completed' as const, summary: job.returnvalue as RunSummary, progress };
  if (state === 'failed') return { status: 'failed' as const, error: job.failedReason, progress };
  if (state === 'active') return { status: 'running' as const, progress, attempts: job.attemptsMade };
  return { status: 'waiting' as const, progress, attempts: job.attemptsMade, error: job.failedReason };
}

/**
 * Brings a local sweep directory up to date with the queue: each run's state in sweep.json,
 * and each finished run's summary written as its run directory, which `granular compare`
 * reads as it reads a local sweep. Returns the changes, as lines to print.
 */
export async function syncQueuedSweep(queue: Queue, index: SweepIndex, directory: string): Promise<string[]> {
  const lines: string[] = [];
  const before = JSON.stringify(index.runs);
  for (const run of index.runs) {
    const now = await stateOf(queue, run);
    const label = `#${run.index} ${run.configuration} seed=${run.seed}`;
    const host = now.progress?.host ? ` on ${now.progress.host}` : '';
    if (now.status === 'completed' && run.status !== 'completed') {
      writeSummary(join(directory, run.directory), now.summary!);
      lines.push(`finished ${label}${host} (${now.summary!.manifest.steps} steps)`);
    } else if (now.status === 'failed' && run.status !== 'failed') {
      run.error = now.error ?? '';
      lines.push(`FAILED ${label}${host}:\n${run.error.replace(/^/gm, '    ')}`);
    } else if (now.status === 'running' && run.status !== 'running') {
      lines.push(`running ${label}${host}${now.attempts ? ` (attempt ${now.attempts + 1})` : ''}`);
    } else if (now.status === 'waiting' && run.status === 'running') {
      lines.push(`back in the queue: ${label}${now.error ? ` (${now.error.split('\n')[0]})` : ''}`);
    }
    run.status = now.status;
    run.progress = now.progress;
  }
  // Polled every second while watching: sweep.json is rewritten only when a run moved on.
  if (JSON.stringify(index.runs) !== before || !existsSync(join(directory, SWEEP_INDEX)))
    writeSweepIndex(directory, index);
  return lines;
}

/** One line on where the sweep is: counts, and each running run's step and latest numbers. */
export function sweepStatusLine(index: SweepIndex, started: number): string {
  const count = (status: string) => index.runs.filter((run) => run.status === status).length;
  const running = index.runs
    .filter((run) => run.status === 'running')
    .map((run) => {
      const values = Object.entries(run.progress?.values ?? {})
        .slice(-2)
        .map(([name, value]) => `${name} ${value.toPrecision(4)}`);
      return `#${run.index} step ${run.progress?.step ?? 0}${run.progress?.host ? ` on ${run.progress.host}` : ''}${values.length ? ` (${values.join(', ')})` : ''}`;
    });
  return `sweep: ${count('completed')}/${index.runs.length} done, ${count('failed')} failed, ${count('waiting')} waiting · running ${running.join('; ') || 'none'} · ${formatDuration((Date.now() - started) / 1000)}`;
}

/** Follows a queued sweep until every run has completed or failed (or `signal`); the local directory stays in step. */
export async function watchQueuedSweep(
  queue: Queue,
  index: SweepIndex,
  directory: string,
  io: CommandIO,
  options: { signal: AbortSignal; pollMs?: number; statusMs?: number },
): Promise<void> {
  const started = Date.now();
  let lastStatus = 0;
  for (;;) {
    for (const line of await syncQueuedSweep(queue, index, directory)) io.err(`sweep: ${line}\n`);
    const finished = index.runs.every((run) => run.status === 'completed' || run.status === 'failed');
    if (finished || options.signal.aborted) return;
    if (Date.now() - lastStatus >= (options.statusMs ?? 10_000)) {
      lastStatus = Date.now();
      io.err(`${sweepStatusLine(index, started)}\n`);
    }
    await new Promise((done) => setTimeout(done, options.pollMs ?? 1000));
  }
}
