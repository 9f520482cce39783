import { installedVersions, runPipeline } from '@granular/core';
import { RECORDED_PACKAGES } from '../builtin-catalog.ts';
import { defineCommand, UsageError } from '../command.ts';
import { ProgressReporter, formatDuration } from '../progress/progress-reporter.ts';
import { loadFromArgs, pipelineOptions } from './load-from-args.ts';

export const runCommand = defineCommand({
  name: 'run',
  summary: 'Validate and run a pipeline into a new run directory',
  usage: 'granular run FILE [--set key=value]... [--out DIR] [--seed N] [--backend auto|node|wasm|cpu] [--max-steps N]',
  help: `Runs the pipeline after validating all of it. Writes runs/<name>/<UTC time>-<hash8>/
(or --out DIR): pipeline.yaml (resolved), manifest.json and events.jsonl, plus what stages write.

  --set key=value   override any value of the pipeline (the value is YAML), e.g. --set stages.d.with.lr=1e-4
  --seed N          the same as --set seed=N
  --backend NAME    the same as --set backend=NAME
  --max-steps N     stop after N steps (source items): short runs for tests and CI
  --out DIR         write the run into DIR instead of runs/…

Ctrl-C stops after the current step and lets every stage flush (checkpoints are written);
a second Ctrl-C aborts at once. Exit code 0 when done, 130 when stopped, 2 for a mistake in
the pipeline, 1 when a stage failed.

Example:
  granular run pipelines/hello.yaml --set stages.numbers.with.count=100 --max-steps 50`,
  options: { ...pipelineOptions, out: { type: 'string' }, 'max-steps': { type: 'string' }, 'runs-dir': { type: 'string', default: 'runs' } },
  async run({ values, positionals }, io) {
    const maxSteps = values['max-steps'] === undefined ? undefined : Number(values['max-steps']);
    if (maxSteps !== undefined && !(Number.isInteger(maxSteps) && maxSteps > 0)) throw new UsageError(`--max-steps must be a positive whole number, not '${values['max-steps']}'`);
    const loaded = await loadFromArgs(positionals, values, 'run');

    const controller = new AbortController();
    const onInterrupt = () => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
      io.err('\nstopping after the current step (Ctrl-C again to abort at once)…\n');
    };
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    const progress = new ProgressReporter(io, maxSteps);
    const started = Date.now();
    try {
      const result = await runPipeline(loaded, {
        root: values['runs-dir'],
        ...(values.out ? { out: values.out } : {}),
        ...(maxSteps !== undefined ? { maxSteps } : {}),
        signal: controller.signal,
        packages: installedVersions(RECORDED_PACKAGES),
        log: (message) => io.err(`${message}\n`),
        onEvent: progress.onEvent,
      });
      progress.finish();
      io.err(`${result.status} after ${result.steps} steps in ${formatDuration((Date.now() - started) / 1000)}\n`);
      io.out(`${result.directory}\n`);
      return result.status === 'interrupted' ? 130 : 0;
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    }
  },
});
