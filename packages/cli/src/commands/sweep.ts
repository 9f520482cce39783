import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compactUtcTime, loadPipeline } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { defineCommand, UsageError } from '../command.ts';
import { writeSweepReport } from '../report/sweep-report.ts';
import { runSweep } from '../sweep/run-sweep.ts';
import { writeSweepIndex, type SweepIndex } from '../sweep/sweep-index.ts';
import { planSweepFiles } from '../sweep/plan-files.ts';
import { parseSeeds } from '../sweep/sweep-plan.ts';
import { overridesFrom, pipelineOptions } from './load-from-args.ts';
import { parseDuration, parseMaxSteps } from './run-bounds.ts';
import { attachToSweep, isSweepId, submitToQueue } from '../queue/sweep-on-queue.ts';
import { queueUrl } from '../queue/redis-queue.ts';
import { runJobId } from '../queue/run-job.ts';
import { resolvedPipelineText } from '@granular/core';

function parseJobs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const jobs = Number(text);
  if (!(Number.isInteger(jobs) && jobs > 0))
    throw new UsageError(`--jobs must be a positive whole number, not '${text}'`);
  return jobs;
}

export const sweepCommand = defineCommand({
  name: 'sweep',
  usage:
    "granular sweep FILE... [--grid 'path=[a,b]']... [--seeds 1,2,3] [--jobs K] [--max-steps N] [--max-time T] [--set key=value]... [--skip STAGE]... [--backend NAME] [--out DIR] [--queue URL [--watch] [--attempts N]]  |  granular sweep --queue URL --watch SWEEP_ID",
  help: `Expands each pipeline into one run per combination of the grid values and seed, checks every
one of them before any starts, then runs them K at a time, each as 'granular run' in its own
process (single-threaded when K > 1). The sweep directory (runs/<name>/sweep-<UTC time>/, or
runs/sweeps/sweep-<UTC time>/ for several files, or --out) holds sweep.json, which indexes the
runs and their states, a directory and a log per run, and report.html (every metric against
training time, mean and spread over seeds). A failed run is reported at once with the end of
its log; the others go on.

Several files compare pipelines: each runs with every seed (and the grid, when its paths fit
every file), labelled by its pipeline name. With --max-time, every run gets the same training
time (evaluations and checkpoints do not count): which configuration is best within a budget.

  --grid 'path=[a, b]'  an axis: a dotted path of the pipeline (as for --set) and its values (YAML list); repeatable
  --seeds 1,2,3         the seeds every configuration runs with (default: the pipeline's seed)
  --jobs K              runs at a time (default 1)
  --max-steps N, --max-time T, --set, --skip, --backend   passed to every run

The same can be written in the pipeline file (the command line adds axes and replaces seeds/jobs):
  sweep:
    grid: { stages.d.with.loss: [hinge, non-saturating] }
    seeds: [1, 2, 3]
    jobs: 2

Ctrl-C interrupts the running runs (each writes a checkpoint; 'granular resume' continues it)
and starts no more. Exit code 0 when every run completed, 1 when one failed, 130 when stopped.
'granular compare DIR' tabulates the results.

With --queue, the runs go to a BullMQ queue on Redis instead, for 'granular worker' processes on
any number of machines (docs/scale-out.md). Every run is still checked first; each becomes one
job whose id is the hash of its configuration, seed and bounds, so submitting the same sweep
again runs nothing twice. Without --watch the command returns once they are queued and prints
the sweep's id; --watch follows them (state, worker, step, latest numbers) until all end, and
'granular sweep --queue URL --watch SWEEP_ID' attaches later, from any machine. The sweep
directory fills with each finished run's summary, so 'granular compare DIR' works as for a
local sweep ('granular compare --queue URL SWEEP_ID' fetches them).

  --queue URL    redis://[user:pass@]host:port[/db] or rediss:// (or GRANULAR_QUEUE)
  --watch        follow the queued runs until they end
  --attempts N   tries per run when its worker dies or stops (default 3; failures of the run
                 itself, a pipeline mistake or a NaN, are not retried)

Example:
  granular sweep pipelines/mnist-msg.yaml --grid 'stages.d.with.loss=[hinge,non-saturating]' --seeds 1,2,3 --jobs 2 --max-steps 300
  granular sweep pipelines/mnist-dcgan.yaml pipelines/mnist-msg.yaml --seeds 1,2,3 --max-time 10m
  granular compare runs/sweeps/sweep-20261130T100000Z --over time --marks 2m,5m,10m
  granular sweep pipelines/mnist-msg.yaml --seeds 1,2,3 --max-time 10m --queue redis://queue-host:6379 --watch`,
  options: {
    ...pipelineOptions,
    grid: { type: 'string', multiple: true },
    seeds: { type: 'string' },
    jobs: { type: 'string' },
    'max-steps': { type: 'string' },
    'max-time': { type: 'string' },
    out: { type: 'string' },
    'runs-dir': { type: 'string', default: 'runs' },
    queue: { type: 'string' },
    watch: { type: 'boolean', default: false },
    attempts: { type: 'string', default: '3' },
  },
  async run({ values, positionals }, io) {
    const url = queueUrl(values.queue);
    if (values.watch && !url) throw new UsageError('--watch follows a queued sweep: give --queue URL too');
    if (url && values.watch && positionals.length === 1 && isSweepId(positionals[0]!))
      return attachToSweep(url, positionals[0]!, values['runs-dir'], io);
    if (positionals.length === 0) throw new UsageError('granular sweep takes one or more pipeline files');
    if (values.seed !== undefined) throw new UsageError('a sweep takes --seeds (a list), not --seed');
    const files = positionals.map((file) => resolve(file));
    const maxSteps = parseMaxSteps(values['max-steps']);
    const maxSeconds = parseDuration(values['max-time']);
    const common = [
      ...overridesFrom(values).flatMap((s) => ['--set', s]),
      ...(maxSteps !== undefined ? ['--max-steps', String(maxSteps)] : []),
      ...(maxSeconds !== undefined ? ['--max-time', String(maxSeconds)] : []),
    ];
    const { plans, runs } = await planSweepFiles(
      files,
      overridesFrom(values),
      values.grid ?? [],
      values.seeds === undefined ? undefined : parseSeeds(values.seeds),
    );
    const several = plans.length > 1;
    const jobs = parseJobs(values.jobs) ?? plans[0]!.jobs ?? 1;

    // Every configuration is checked before anything runs: a typo in the last axis value must not surface hours later.
    const loadedRuns = [];
    for (const run of runs) {
      try {
        loadedRuns.push(
          await loadPipeline(run.file, builtinCatalog(), {
            overrides: [...overridesFrom(values), ...run.settings, `seed=${run.seed}`],
          }),
        );
      } catch (error) {
        io.err(`granular sweep: run #${run.index} (${run.configuration} seed=${run.seed}) is not a valid pipeline:\n`);
        throw error;
      }
    }

    const pipeline = plans.map((p) => p.name).join('+');
    const directory =
      values.out ?? join(values['runs-dir'], several ? 'sweeps' : pipeline, `sweep-${compactUtcTime(new Date())}`);
    mkdirSync(join(directory, 'logs'), { recursive: true });
    const index: SweepIndex = {
      pipeline,
      file: files[0]!,
      files,
      createdAt: new Date().toISOString(),
      grid: Object.fromEntries(plans.flatMap((p) => p.plan.grid)),
      seeds: [...new Set(plans.flatMap((p) => p.plan.seeds))],
      jobs,
      common,
      runs: runs.map((run) => ({ ...run, log: join('logs', `${run.directory}.log`), status: 'waiting' })),
    };
    if (url) {
      const attempts = Number(values.attempts);
      if (!(Number.isInteger(attempts) && attempts > 0))
        throw new UsageError(`--attempts must be a positive whole number, not '${values.attempts}'`);
      const queued = loadedRuns.map((loaded, i) => {
        const run = index.runs[i]!;
        const bounds = {
          ...(maxSteps !== undefined ? { maxSteps } : {}),
          ...(maxSeconds !== undefined ? { maxSeconds } : {}),
        };
        run.job = runJobId(loaded.configHash, run.seed, bounds);
        return {
          id: run.job,
          data: {
            index: run.index,
            configuration: run.configuration,
            seed: run.seed,
            pipeline: resolvedPipelineText(loaded, 'granular sweep'),
            ...bounds,
          },
        };
      });
      return submitToQueue(url, index, queued, directory, attempts, values.watch, io);
    }
    writeSweepIndex(directory, index);
    const axes = plans[0]!.plan.grid.map(([path, v]) => `${path} × ${v.length}`).join(', ');
    io.err(
      `sweep: ${index.runs.length} runs (${several ? `${plans.length} pipelines` : ''}${several && axes ? ', ' : ''}${axes || (several ? '' : 'no grid')}, ${index.seeds.length} seed(s)), ${jobs} at a time, in ${directory}\n`,
    );

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
    try {
      io.err(`report: ${writeSweepReport(directory)}\n`);
    } catch (error) {
      io.err(`report.html was not written: ${(error as Error).message}\n`);
    }
    const count = (status: string) => index.runs.filter((run) => run.status === status).length;
    io.err(
      `sweep: ${count('completed')} completed, ${count('failed')} failed, ${count('interrupted') + count('waiting')} not finished · granular compare ${directory}\n`,
    );
    io.out(`${directory}\n`);
    if (count('failed') > 0) return 1;
    return controller.signal.aborted ? 130 : 0;
  },
});
