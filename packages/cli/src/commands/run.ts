import { defineCommand } from '../command.ts';
import { executeRun } from './execute-run.ts';
import { loadFromArgs, pipelineOptions } from './load-from-args.ts';
import { parseDuration, parseMaxSteps } from './run-bounds.ts';

export const runCommand = defineCommand({
  name: 'run',
  usage:
    'granular run FILE [--set key=value]... [--skip STAGE]... [--out DIR] [--seed N] [--backend auto|node|wasm|cpu] [--max-steps N] [--max-time 10m]',
  help: `Runs the pipeline after validating all of it. Writes runs/<name>/<UTC time>-<hash8>/
(or --out DIR): pipeline.yaml (resolved), manifest.json and events.jsonl, plus what stages write
(checkpoints/, samples/…).

  --set key=value   override any value of the pipeline (the value is YAML), e.g. --set stages.d.with.lr=1e-4
  --skip STAGE      leave a stage out (the same as --set stages.STAGE=null), e.g. --skip metrics
  --seed N          the same as --set seed=N
  --backend NAME    the same as --set backend=NAME (auto tries node, then wasm, then cpu)
  --max-steps N     stop after N steps (training batches): short runs for tests and CI
  --max-time T      stop after T of training (600, 90s, 10m, 1h30m); evaluations and checkpoints
                    do not count, and still happen at the end: equal-time comparisons of models
  --out DIR         write the run into DIR instead of runs/…

A run costs its steps and its evaluations: pipelines/mnist-mlp.yaml on defaults is 9,360 steps
(about 10 minutes on the node backend, 23 on wasm, on 2 cores) and two evaluations of 10,000
samples (about 12 s each on node, 24 on wasm). --max-steps 468 --skip metrics is a one-minute first look.

Ctrl-C stops after the current step and lets every stage flush (checkpoints are written);
a second Ctrl-C aborts at once. 'granular resume DIR' continues from the last checkpoint.
Exit code 0 when done, 130 when stopped, 2 for a mistake in the pipeline, 1 when a stage failed.

Example:
  granular run pipelines/mnist-mlp.yaml --max-steps 200
  granular run pipelines/mnist-msg.yaml --max-time 10m`,
  options: {
    ...pipelineOptions,
    out: { type: 'string' },
    'max-steps': { type: 'string' },
    'max-time': { type: 'string' },
    'runs-dir': { type: 'string', default: 'runs' },
  },
  async run({ values, positionals }, io) {
    const maxSteps = parseMaxSteps(values['max-steps']);
    const maxSeconds = parseDuration(values['max-time']);
    const loaded = await loadFromArgs(positionals, values, 'run');
    for (const warning of loaded.warnings) io.err(`warning: ${warning.format()}\n`);
    const result = await executeRun(
      loaded,
      {
        root: values['runs-dir'],
        ...(values.out ? { out: values.out } : {}),
        ...(maxSteps !== undefined ? { maxSteps } : {}),
        ...(maxSeconds !== undefined ? { maxSeconds } : {}),
      },
      io,
    );
    io.out(`${result.directory}\n`);
    return result.status === 'interrupted' ? 130 : 0;
  },
});
