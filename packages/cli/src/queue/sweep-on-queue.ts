import { existsSync, mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CommandIO } from '../io.ts';
import { writeSweepReport } from '../report/sweep-report.ts';
import { writeSweepIndex, type SweepIndex } from '../sweep/sweep-index.ts';
import { connectRedis, runQueue, shownUrl } from './redis-queue.ts';
import type { RunJobData } from './run-job.ts';
import { enqueueRuns, loadQueuedSweep, saveQueuedSweep, syncQueuedSweep, watchQueuedSweep } from './queued-sweep.ts';

/** A sweep's id on the queue: its pipeline name and the sweep directory's name (`mnist-mlp.sweep-20261130T170000Z`). */
export function isSweepId(text: string): boolean {
  return /^[\w+-]+\.sweep-\d{8}T\d{6}Z$/.test(text) && !existsSync(text);
}

/** Follows the sweep (with --watch) and ends as a local sweep does: report, counts, exit code. */
async function follow(url: string, index: SweepIndex, directory: string, io: CommandIO): Promise<number> {
  const redis = await connectRedis(url);
  const queue = runQueue(redis);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    await watchQueuedSweep(queue, index, directory, io, { signal: controller.signal });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await queue.close();
    redis.disconnect();
  }
  const count = (status: string) => index.runs.filter((run) => run.status === status).length;
  try {
    io.err(`report: ${writeSweepReport(directory)}\n`);
  } catch (error) {
    io.err(`report.html was not written: ${(error as Error).message}\n`);
  }
  io.err(
    `sweep: ${count('completed')} completed, ${count('failed')} failed, ${count('waiting') + count('running')} not finished · granular compare ${directory}\n`,
  );
  io.out(`${directory}\n`);
  if (controller.signal.aborted) {
    io.err(
      `sweep: stopped watching; the runs go on (granular sweep --queue ${shownUrl(url)} --watch ${index.queue!.id})\n`,
    );
    return 130;
  }
  return count('failed') > 0 ? 1 : 0;
}

/** `granular sweep --queue`: the checked runs become jobs; the sweep's index goes to Redis and to its local directory. */
export async function submitToQueue(
  url: string,
  index: SweepIndex,
  jobs: { id: string; data: Omit<RunJobData, 'sweep'> }[],
  directory: string,
  attempts: number,
  watch: boolean,
  io: CommandIO,
): Promise<number> {
  const id = `${index.pipeline}.${basename(directory)}`;
  index.queue = { id, url: shownUrl(url), directory: basename(directory) };
  const redis = await connectRedis(url);
  const queue = runQueue(redis);
  try {
    await saveQueuedSweep(redis, id, index);
    const { added, existing } = await enqueueRuns(
      queue,
      jobs.map((job) => ({ ...job, data: { ...job.data, sweep: id } })),
      attempts,
    );
    writeSweepIndex(directory, index);
    io.err(
      `sweep ${id}: ${added} run(s) queued on ${shownUrl(url)}${existing ? `, ${existing} already there (same configuration, seed and bounds: not run again)` : ''}; local index in ${directory}\n`,
    );
  } finally {
    await queue.close();
    redis.disconnect();
  }
  if (watch) return follow(url, index, directory, io);
  io.err(`sweep: follow it with granular sweep --queue ${shownUrl(url)} --watch ${id}\n`);
  io.out(`${id}\n`);
  return 0;
}

/** `granular sweep --queue URL --watch SWEEP_ID`: the sweep's local directory (made when missing), followed. */
export async function attachToSweep(url: string, id: string, runsDir: string, io: CommandIO): Promise<number> {
  const { index, directory } = await fetchQueuedSweep(url, id, runsDir);
  return follow(url, index, directory, io);
}

/** Where a queued sweep lives on this machine: runs/<pipeline or sweeps>/<its directory name>. */
function sweepDirectoryOf(index: SweepIndex, runsDir: string): string {
  return join(runsDir, index.pipeline.includes('+') ? 'sweeps' : index.pipeline, index.queue!.directory);
}

/**
 * A queued sweep brought into its local directory as it stands (each finished run's summary
 * written as a run directory): what `granular compare --queue URL SWEEP_ID` reads.
 */
export async function fetchQueuedSweep(
  url: string,
  id: string,
  runsDir: string,
): Promise<{ index: SweepIndex; directory: string }> {
  const redis = await connectRedis(url);
  const queue = runQueue(redis);
  try {
    const index = await loadQueuedSweep(redis, id);
    const directory = sweepDirectoryOf(index, runsDir);
    mkdirSync(join(directory, 'logs'), { recursive: true });
    await syncQueuedSweep(queue, index, directory);
    return { index, directory };
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
