import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { eventsTail } from '../run-files/events-tail.ts';
import { GRANULAR_BIN, sharedCoreThreads } from './child-run.ts';
import { join } from 'node:path';
import type { CommandIO } from '../io.ts';
import { formatDuration } from '../progress/progress-reporter.ts';
import { writeSweepIndex, type SweepIndex, type SweepRunEntry } from './sweep-index.ts';

const STATUS_INTERVAL_MS = 30_000;

/** A whole process per run keeps a crash, a leak or an abort of one run away from the others. */
export interface SweepRunnerOptions {
  directory: string;
  io: CommandIO;
  /** Set to stop launching runs and interrupt the running ones (they checkpoint and exit). */
  signal?: AbortSignal;
  statusIntervalMs?: number;
}

function label(run: SweepRunEntry): string {
  return `#${run.index} ${run.configuration} seed=${run.seed}`;
}

/** The end of a failed run's log, without the minified source dumps WebAssembly errors carry. */
export function logTail(file: string, lines = 8): string {
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && line.length < 400 && !/^\s+at /.test(line))
    .slice(-lines)
    .join('\n');
}

/**
 * Runs the waiting runs of a sweep, `jobs` at a time. Each state change is written to sweep.json
 * at once and printed; a failed run is reported with the end of its log as soon as it fails,
 * and the others go on. Resolves when every run has finished or been interrupted.
 */
export async function runSweep(index: SweepIndex, options: SweepRunnerOptions): Promise<SweepIndex> {
  const { directory, io } = options;
  const waiting = index.runs.filter((run) => run.status === 'waiting');
  const running = new Map<SweepRunEntry, ChildProcess>();
  const total = index.runs.length;
  const started = Date.now();
  const save = () => writeSweepIndex(directory, index);

  const status = setInterval(() => {
    const parts = [...running.keys()].map(
      (run) => `#${run.index} at step ${eventsTail(join(directory, run.directory)).step ?? 0}`,
    );
    const done = index.runs.filter((run) => run.status === 'completed').length;
    const failed = index.runs.filter((run) => run.status === 'failed').length;
    io.err(
      `sweep: ${done}/${total} done, ${failed} failed, ${waiting.length} waiting · running ${parts.join(', ') || 'none'} · ${formatDuration((Date.now() - started) / 1000)} elapsed\n`,
    );
  }, options.statusIntervalMs ?? STATUS_INTERVAL_MS);

  const onAbort = () => {
    io.err(`sweep: interrupting ${running.size} running run(s); they write a checkpoint and stop\n`);
    for (const child of running.values()) child.kill('SIGINT');
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const launch = (run: SweepRunEntry): Promise<void> =>
    new Promise((resolve) => {
      const log = openSync(join(directory, run.log), 'a');
      const args = [
        GRANULAR_BIN,
        'run',
        run.file ?? index.file,
        ...index.common,
        ...run.settings.flatMap((s) => ['--set', s]),
        '--seed',
        String(run.seed),
        '--out',
        join(directory, run.directory),
      ];
      // Its own process group: a Ctrl-C in the terminal reaches the sweep only, which passes on one SIGINT (a second would abort the run at once).
      const child = spawn(process.execPath, args, {
        stdio: ['ignore', log, log],
        detached: true,
        env: { ...process.env, ...sharedCoreThreads(index.jobs) },
      });
      closeSync(log);
      running.set(run, child);
      Object.assign(run, { status: 'running', startedAt: new Date().toISOString() });
      save();
      io.err(`sweep: started ${label(run)} → ${join(directory, run.directory)}\n`);
      child.on('exit', (code, signal) => {
        running.delete(run);
        const exitCode = code ?? (signal ? 128 : 1);
        const seconds = (Date.now() - Date.parse(run.startedAt!)) / 1000;
        Object.assign(run, { exitCode, finishedAt: new Date().toISOString() });
        if (exitCode === 0) {
          run.status = 'completed';
          io.err(`sweep: finished ${label(run)} in ${formatDuration(seconds)}\n`);
        } else if (exitCode === 130) {
          run.status = 'interrupted';
          io.err(
            `sweep: interrupted ${label(run)} (resume it with granular resume ${join(directory, run.directory)})\n`,
          );
        } else {
          run.status = 'failed';
          run.error = logTail(join(directory, run.log));
          io.err(
            `sweep: FAILED ${label(run)} with exit code ${exitCode}${signal ? ` (${signal})` : ''} after ${formatDuration(seconds)}; its log ${join(directory, run.log)} ends:\n${run.error.replace(/^/gm, '    ')}\n`,
          );
        }
        save();
        resolve();
      });
    });

  const workers = Array.from({ length: Math.min(index.jobs, waiting.length) }, async () => {
    for (let run = waiting.shift(); run && !options.signal?.aborted; run = waiting.shift()) await launch(run);
  });
  try {
    await Promise.all(workers);
  } finally {
    clearInterval(status);
    options.signal?.removeEventListener('abort', onAbort);
  }
  return index;
}
