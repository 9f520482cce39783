import { defineCommand, UsageError } from '../command.ts';
import { executeRun } from './execute-run.ts';
import { loadFromArgs, pipelineOptions } from './load-from-args.ts';

export function parseMaxSteps(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const steps = Number(text);
  if (!(Number.isInteger(steps) && steps > 0)) throw new UsageError(`--max-steps must be a positive whole number, not '${text}'`);
  return steps;
}

export const runCommand = defineCommand({
  name: 'run',
  summary: 'Validate and run a pipeline into a new run directory',
  usage: 'granular run FILE [--set key=value]... [--out DIR] [--seed N] [--backend auto|node|wasm|cpu] [--max-steps N]',
  help: `Runs the pipeline after validating all of it. Writes runs/<name>/<UTC time>-<hash8>/
(or --out DIR): pipeline.yaml (resolved), manifest.json and events.jsonl, plus what stages write
(checkpoints/, samples/…).

  --set key=value   override any value of the pipeline (the value is YAML), e.g. --set stages.d.with.lr=1e-4
  --seed N          the same as --set seed=N
  --backend NAME    the same as --set backend=NAME (auto tries node, then wasm, then cpu)
  --max-steps N     stop after N steps (training batches): short runs for tests and CI
  --out DIR         write the run into DIR instead of runs/…

Ctrl-C stops after the current step and lets every stage flush (checkpoints are written);
a second Ctrl-C aborts at once. 'granular resume DIR' continues from the last checkpoint.
Exit code 0 when done, 130 when stopped, 2 for a mistake in the pipeline, 1 when a stage failed.

Example:
  granular run pipelines/mnist-mlp.yaml --max-steps 200`,
  options: { ...pipelineOptions, out: { type: 'string' }, 'max-steps': { type: 'string' }, 'runs-dir': { type: 'string', default: 'runs' } },
  async run({ values, positionals }, io) {
    const maxSteps = parseMaxSteps(values['max-steps']);
    const loaded = await loadFromArgs(positionals, values, 'run');
    const result = await executeRun(loaded, { root: values['runs-dir'], ...(values.out ? { out: values.out } : {}), ...(maxSteps !== undefined ? { maxSteps } : {}) }, io);
    io.out(`${result.directory}\n`);
    return result.status === 'interrupted' ? 130 : 0;
  },
});
