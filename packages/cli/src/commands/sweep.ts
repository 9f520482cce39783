import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compactUtcTime, loadPipeline } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { defineCommand, UsageError } from '../command.ts';
import { runSweep } from '../sweep/run-sweep.ts';
import { writeSweepIndex, type SweepIndex } from '../sweep/sweep-index.ts';
import { parseSeeds, planSweep, runDirectoryName } from '../sweep/sweep-plan.ts';
import { overridesFrom, pipelineOptions } from './load-from-args.ts';
import { parseMaxSteps } from './run.ts';

function parseJobs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const jobs = Number(text);
  if (!(Number.isInteger(jobs) && jobs > 0)) throw new UsageError(`--jobs must be a positive whole number, not '${text}'`);
  return jobs;
}

export const sweepCommand = defineCommand({
  name: 'sweep',
  summary: 'Run a pipeline over a grid of settings and seeds, K runs at a time',
  usage: "granular sweep FILE [--grid 'path=[a,b]']... [--seeds 1,2,3] [--jobs K] [--max-steps N] [--set key=value]... [--backend NAME] [--out DIR]",
  help: `Expands the pipeline into one run per combination of the grid values and seed, checks every
one of them before any starts, then runs them K at a time, each as 'granular run' in its own
process (single-threaded when K > 1). The sweep directory (runs/<name>/sweep-<UTC time>/, or --out)
holds sweep.json, which indexes the runs and their states, a directory and a log per run.
A failed run is reported at once with the end of its log; the others go on.

  --grid 'path=[a, b]'  an axis: a dotted path of the pipeline (as for --set) and its values (YAML list); repeatable
  --seeds 1,2,3         the seeds every configuration runs with (default: the pipeline's seed)
  --jobs K              runs at a time (default 1)
  --max-steps N, --set, --backend   passed to every run

The same can be written in the pipeline file (the command line adds axes and replaces seeds/jobs):
  sweep:
    grid: { stages.d.with.loss: [hinge, non-saturating] }
    seeds: [1, 2, 3]
    jobs: 2

Ctrl-C interrupts the running runs (each writes a checkpoint; 'granular resume' continues it)
and starts no more. Exit code 0 when every run completed, 1 when one failed, 130 when stopped.
'granular compare DIR' tabulates the results.

Example:
  granular sweep pipelines/mnist-msg.yaml --grid 'stages.d.with.loss=[hinge,non-saturating]' --seeds 1,2,3 --jobs 2 --max-steps 300`,
  options: {
    ...pipelineOptions,
    grid: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    jobs: { type: 'string' },
    'max-steps': { type: 'string' },
    out: { type: 'string' },
    'runs-dir': { type: 'string', default: 'runs' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError(`granular sweep takes one pipeline file, got ${positionals.length}`);
    if (values.seed !== undefined) throw new UsageError('a sweep takes --seeds (a list), not --seed');
    const file = resolve(positionals[0]!);
    const maxSteps = parseMaxSteps(values['max-steps']);
    const common = [...overridesFrom(values).flatMap((s) => ['--set', s]), ...(maxSteps !== undefined ? ['--max-steps', String(maxSteps)] : [])];
    const base = await loadPipeline(file, builtinCatalog(), { overrides: overridesFrom(values) });
    const plan = planSweep(base.sweep, values.grid ?? [], values.seeds === undefined ? undefined : parseSeeds(values.seeds), base.spec.seed);
    const jobs = parseJobs(values.jobs) ?? base.sweep?.jobs ?? 1;

    // Every configuration is checked before anything runs: a typo in the last axis value must not surface hours later.
    for (const run of plan.runs) {
      try {
        await loadPipeline(file, builtinCatalog(), { overrides: [...overridesFrom(values), ...run.settings, `seed=${run.seed}`] });
      } catch (error) {
        io.err(`granular sweep: run #${run.index} (${run.configuration} seed=${run.seed}) is not a valid pipeline:\n`);
        throw error;
      }
    }

    const directory = values.out ?? join(values['runs-dir'], base.spec.name, `sweep-${compactUtcTime(new Date())}`);
    mkdirSync(join(directory, 'logs'), { recursive: true });
    const index: SweepIndex = {
      pipeline: base.spec.name,
      file,
      createdAt: new Date().toISOString(),
      grid: Object.fromEntries(plan.grid),
      seeds: plan.seeds,
      jobs,
      common,
      runs: plan.runs.map((run) => ({ ...run, directory: runDirectoryName(run), log: join('logs', `${runDirectoryName(run)}.log`), status: 'waiting' })),
    };
    writeSweepIndex(directory, index);
    io.err(`sweep: ${index.runs.length} runs (${plan.grid.map(([path, v]) => `${path} × ${v.length}`).join(', ') || 'no grid'}, ${plan.seeds.length} seed(s)), ${jobs} at a time, in ${directory}\n`);

    const controller = new AbortController();
    const onInterrupt = () => controller.abort();
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onInterrupt);
    try {
      await runSweep(index, { directory, io, signal: controller.signal });
    } finally {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    }
    const count = (status: string) => index.runs.filter((run) => run.status === status).length;
    io.err(`sweep: ${count('completed')} completed, ${count('failed')} failed, ${count('interrupted') + count('waiting')} not finished · granular compare ${directory}\n`);
    io.out(`${directory}\n`);
    if (count('failed') > 0) return 1;
    return controller.signal.aborted ? 130 : 0;
  },
});
