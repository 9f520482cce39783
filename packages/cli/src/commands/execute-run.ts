import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  installedVersions,
  runPipeline,
  writeFileAtomic,
  type LoadedPipeline,
  type RunManifest,
  type RunOptions,
  type RunResult,
} from '@granular/core';
import { selectBackend, wasmThreadCount, type BackendRequest } from '@granular/ops';
import { readMetricsFile } from '@granular/evaluation';
import { RECORDED_PACKAGES } from '../builtin-catalog.ts';
import { formatValue } from '../compare/render-table.ts';
import type { CommandIO } from '../io.ts';
import { writeReport } from '../report/build-report.ts';
import { ProgressReporter, formatDuration } from '../progress/progress-reporter.ts';

/**
 * What `run` and `resume` share: the backend chosen before any stage is built, progress on
 * the terminal, and Ctrl-C (or SIGTERM) turned into a clean stop; a second Ctrl-C aborts.
 */
export async function executeRun(
  loaded: LoadedPipeline,
  options: Omit<RunOptions, 'signal' | 'onEvent' | 'prepare' | 'log' | 'packages'>,
  io: CommandIO,
): Promise<RunResult> {
  const controller = new AbortController();
  let directory: string | undefined;
  const onInterrupt = () => {
    if (controller.signal.aborted) {
      // Aborting at once: no stage flushes, but the manifest must not claim the run is still going.
      if (directory) markInterrupted(directory);
      process.exit(130);
    }
    controller.abort();
    io.err('\nstopping after the current step (Ctrl-C again to abort at once)…\n');
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const progress = new ProgressReporter(io, options.maxSteps, options.maxSeconds);
  const started = Date.now();
  try {
    const result = await runPipeline(loaded, {
      ...options,
      signal: controller.signal,
      packages: installedVersions(RECORDED_PACKAGES),
      log: (message) => io.err(`${message}\n`),
      onEvent: (event) => {
        if (event.stage === 'run' && event.name === 'start')
          directory = (event.value as { directory: string }).directory;
        progress.onEvent(event);
      },
      onModelBuilt: (name, model) => {
        options.onModelBuilt?.(name, model);
        const parameters = (model as { countParams?: () => number }).countParams?.();
        const use = loaded.models.get(name)?.definition.name ?? '?';
        if (parameters !== undefined)
          io.err(`model ${name} (${use}): ${parameters.toLocaleString('en-US')} parameters\n`);
      },
      prepare: async (info) => {
        const selected = await selectBackend(info.backend as BackendRequest, loaded.sources.locate(['backend']));
        const skipped = selected.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
        const count = selected.name === 'wasm' ? await wasmThreadCount() : 0;
        const threads = count > 0 ? `, ${count} thread${count === 1 ? '' : 's'}` : '';
        io.err(`backend: ${selected.name}${threads}${skipped ? ` (skipped ${skipped})` : ''}\n`);
        return selected.name;
      },
    });
    progress.finish();
    io.err(
      `${result.status} after ${result.steps} steps in ${formatDuration((Date.now() - started) / 1000)} (${formatDuration(result.trainingSeconds)} of training)\n`,
    );
    if (directory) printFinalEvaluation(directory, result.steps, io);
    return result;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
    // Failed and interrupted runs get their report too: that is when one looks at the curves.
    if (directory) await reportQuietly(directory, io);
  }
}

async function reportQuietly(directory: string, io: CommandIO): Promise<void> {
  try {
    io.err(`report: ${await writeReport(directory)}\n`);
  } catch (error) {
    io.err(`report.html was not written: ${(error as Error).message}\n`);
  }
}

/** The run's own last evaluation, when it was made at the last step: the numbers a run is run for. */
function printFinalEvaluation(directory: string, steps: number, io: CommandIO): void {
  const latest = readMetricsFile(directory)
    ?.evaluations?.filter((entry) => entry.by === 'training')
    .at(-1);
  if (!latest || latest.step !== steps) return;
  const shown = Object.entries(latest.values).filter(([name]) => !/^swd_\d+$/.test(name));
  io.err(
    `final evaluation (step ${latest.step}, ${latest.samples} samples): ${shown.map(([name, value]) => `${name} ${formatValue(value)}`).join(' · ')}\n`,
  );
}

/** The manifest of a run stopped without flushing, marked as such (best effort: the process is about to exit). */
function markInterrupted(directory: string): void {
  try {
    const file = join(directory, 'manifest.json');
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
    writeFileAtomic(
      file,
      `${JSON.stringify({ ...manifest, status: 'interrupted', endedAt: new Date().toISOString(), error: 'aborted by a second Ctrl-C: the last steps were not checkpointed' }, null, 2)}\n`,
    );
  } catch {
    // nothing more can be done on the way out
  }
}
