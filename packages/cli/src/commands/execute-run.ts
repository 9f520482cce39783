import { installedVersions, runPipeline, type LoadedPipeline, type RunOptions, type RunResult } from '@granular/core';
import { selectBackend, type BackendRequest } from '@granular/ops';
import { RECORDED_PACKAGES } from '../builtin-catalog.ts';
import type { CommandIO } from '../io.ts';
import { ProgressReporter, formatDuration } from '../progress/progress-reporter.ts';

/**
 * What `run` and `resume` share: the backend chosen before any stage is built, progress on
 * the terminal, and Ctrl-C (or SIGTERM) turned into a clean stop; a second Ctrl-C aborts.
 */
export async function executeRun(loaded: LoadedPipeline, options: Omit<RunOptions, 'signal' | 'onEvent' | 'prepare' | 'log' | 'packages'>, io: CommandIO): Promise<RunResult> {
  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    io.err('\nstopping after the current step (Ctrl-C again to abort at once)…\n');
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const progress = new ProgressReporter(io, options.maxSteps);
  const started = Date.now();
  try {
    const result = await runPipeline(loaded, {
      ...options,
      signal: controller.signal,
      packages: installedVersions(RECORDED_PACKAGES),
      log: (message) => io.err(`${message}\n`),
      onEvent: progress.onEvent,
      onModelBuilt: (name, model) => {
        options.onModelBuilt?.(name, model);
        const parameters = (model as { countParams?: () => number }).countParams?.();
        const use = loaded.models.get(name)?.definition.name ?? '?';
        if (parameters !== undefined) io.err(`model ${name} (${use}): ${parameters.toLocaleString('en-US')} parameters\n`);
      },
      prepare: async (info) => {
        const selected = await selectBackend(info.backend as BackendRequest, loaded.sources.locate(['backend']));
        const skipped = selected.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
        io.err(`backend: ${selected.name}${skipped ? ` (skipped ${skipped})` : ''}\n`);
        return selected.name;
      },
    });
    progress.finish();
    io.err(`${result.status} after ${result.steps} steps in ${formatDuration((Date.now() - started) / 1000)}\n`);
    return result;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}
