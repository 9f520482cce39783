import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { writeFileAtomic, type RunManifest } from '@granular/core';
import type { CommandIO } from '../io.ts';
import type { RunProgress } from '../sweep/sweep-index.ts';
import { formatDuration } from '../progress/progress-reporter.ts';
import { eventsTail } from '../run-files/events-tail.ts';
import { logTail } from '../sweep/run-sweep.ts';
import { GRANULAR_BIN, sharedCoreThreads } from '../sweep/child-run.ts';
import { PREFIX, QUEUE_NAME } from './redis-queue.ts';
import { summarizeRun, wasStarted, type RunJobData, type RunSummary } from './run-job.ts';

export interface WorkerOptions {
  connection: Redis;
  /** Where run directories go: `<runs>/<job id>/` (a local folder, or shared storage such as NFS). */
  runs: string;
  concurrency: number;
  io: CommandIO;
  /** How long a job's lock lasts without renewal: how soon a dead worker's job is taken over. */
  lockMs: number;
  /** How often progress (step, latest numbers) is sent to the queue. */
  progressMs?: number;
  signal: AbortSignal;
}

/** Exit codes of `granular run` that no retry changes: a pipeline mistake (2), or a run that failed (1, manifest failed). */
function isDeterministicFailure(code: number, directory: string): boolean {
  if (code === 2) return true;
  const manifest = join(directory, 'manifest.json');
  if (code !== 1 || !existsSync(manifest)) return false;
  return (JSON.parse(readFileSync(manifest, 'utf8')) as RunManifest).status === 'failed';
}

/**
 * Takes runs from the queue and runs each as `granular run` (or `granular resume`, when its
 * run directory holds the start a killed worker left) in a child process: training is
 * CPU-bound and would starve BullMQ's lock renewal in this one. The child dies with this
 * process (its stdin is our pipe), as it would with the machine. Resolves once the worker
 * has closed after `signal` (running runs are interrupted: they checkpoint, and their jobs
 * go back to the queue to be retried).
 */
export async function runWorker(options: WorkerOptions): Promise<void> {
  const { io } = options;
  const host = hostname();
  const children = new Set<ChildProcess>();
  mkdirSync(options.runs, { recursive: true });

  const processor = async (job: Job<RunJobData>): Promise<RunSummary> => {
    const data = job.data;
    const directory = resolve(options.runs, job.id!);
    const resuming = wasStarted(directory);
    const pipelineFile = join(options.runs, `${job.id}.yaml`);
    writeFileAtomic(pipelineFile, data.pipeline);
    const args = resuming
      ? ['resume', directory]
      : [
          'run',
          pipelineFile,
          '--out',
          directory,
          ...(data.maxSteps !== undefined ? ['--max-steps', String(data.maxSteps)] : []),
          ...(data.maxSeconds !== undefined ? ['--max-time', String(data.maxSeconds)] : []),
        ];
    const logFile = join(options.runs, `${job.id}.log`);
    const log = openSync(logFile, 'a');
    const child = spawn(process.execPath, [GRANULAR_BIN, ...args], {
      stdio: ['pipe', log, log],
      env: { ...process.env, ...sharedCoreThreads(options.concurrency), GRANULAR_EXIT_WITH_PARENT: '1' },
    });
    closeSync(log);
    children.add(child);
    const label = `job ${job.id} (sweep ${data.sweep} #${data.index}, ${data.configuration} seed=${data.seed})`;
    io.err(`worker: ${resuming ? 'resuming' : 'started'} ${label} → ${directory}\n`);
    const started = Date.now();
    const progress = setInterval(() => {
      const tail = eventsTail(directory);
      const progress: RunProgress = { step: tail.step ?? 0, values: tail.values, host };
      void job.updateProgress(progress).catch(() => undefined);
    }, options.progressMs ?? 3000);
    const code = await new Promise<number>((done) =>
      child.on('exit', (exitCode, signal) => done(exitCode ?? (signal ? 128 : 1))),
    );
    clearInterval(progress);
    children.delete(child);
    const took = formatDuration((Date.now() - started) / 1000);
    if (code === 0) {
      io.err(`worker: finished ${label} in ${took}\n`);
      return summarizeRun(directory, host);
    }
    const tail = logTail(logFile);
    if (code === 130) {
      io.err(`worker: interrupted ${label}; it goes back to the queue\n`);
      throw new Error(`interrupted on ${host} (the worker was stopped); its checkpoint is in ${directory}`);
    }
    io.err(`worker: FAILED ${label} with exit code ${code} after ${took}:\n${tail.replace(/^/gm, '    ')}\n`);
    if (isDeterministicFailure(code, directory)) throw new UnrecoverableError(tail || `exit code ${code}`);
    throw new Error(tail || `exit code ${code}`);
  };

  const worker = new Worker<RunJobData, RunSummary>(QUEUE_NAME, processor, {
    connection: options.connection,
    prefix: PREFIX,
    concurrency: options.concurrency,
    lockDuration: options.lockMs,
    stalledInterval: Math.max(1000, Math.round(options.lockMs / 2)),
    // A job whose worker died is taken over, not failed, however often machines come and go.
    maxStalledCount: 1000,
  });
  // Said once per outage: the runs go on meanwhile, and their jobs report when Redis is back.
  let connected = true;
  worker.on('error', (error) => connected && io.err(`worker: ${error.message}\n`));
  options.connection.on('reconnecting', () => {
    if (connected) io.err('worker: lost the connection to Redis; the runs go on, reconnecting\n');
    connected = false;
  });
  options.connection.on('ready', () => {
    if (!connected) io.err('worker: connected to Redis again\n');
    connected = true;
  });
  io.err(`worker: on ${host}, ${options.concurrency} run(s) at a time, run directories in ${resolve(options.runs)}\n`);

  await new Promise<void>((done) => {
    const stop = () => {
      io.err(`worker: stopping; interrupting ${children.size} run(s) (they checkpoint)\n`);
      for (const child of children) child.kill('SIGINT');
      void worker.close().then(done);
    };
    if (options.signal.aborted) stop();
    else options.signal.addEventListener('abort', stop, { once: true });
  });
}
