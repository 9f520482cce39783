import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertRunDirectoryFree, loadPipeline, UserError, writeFileAtomic, type RunManifest } from '@granular/core';
import { dropTrainingEvaluationsAfter } from '@granular/evaluation';
import { latestGoodBundle, listBundles, removeUnfinishedBundles } from '@granular/trainer';
import { builtinCatalog } from '../builtin-catalog.ts';
import { defineCommand, UsageError } from '../command.ts';
import { readEvents } from '../run-files/read-events.ts';
import { executeRun } from './execute-run.ts';
import { resumePoint } from './resume-point.ts';
import { parseDuration, parseMaxSteps } from './run-bounds.ts';

/** Keeps the events up to the checkpoint's step: the steps after it are about to be run again. */
function truncateEvents(runDirectory: string, step: number): void {
  const file = join(runDirectory, 'events.jsonl');
  if (!existsSync(file)) return;
  const kept = readEvents(runDirectory).filter((event) => event.step <= step);
  writeFileAtomic(file, kept.map((event) => `${JSON.stringify(event)}\n`).join(''));
}

export const resumeCommand = defineCommand({
  name: 'resume',
  usage: 'granular resume RUN_DIR [--max-steps N] [--max-time T] [--full]',
  help: `Loads RUN_DIR/pipeline.yaml, verifies the newest checkpoint (checksums; a damaged one is
skipped for the one before), restores models and optimizer states and continues at the step
after it, in the same run directory. Data order and noise depend only on (seed, stage, step),
so the continued run draws what the uninterrupted one would have. A run stopped before its
first checkpoint starts again from step 0, and ends the same. One stopped after its last
checkpoint but before its end-of-run stages finished (a final evaluation) trains its last
stretch again from the checkpoint before, so that they run. Unfinished checkpoint folders a
crash left behind are removed; so are the events and evaluations of steps after the checkpoint,
which are about to be made again. A completed run has nothing to resume unless given new bounds.

  --max-steps N   stop at step N (default: the bound the run was started with, as its manifest
                  or, when that is lost, its checkpoint records)
  --max-time T    stop at T of training in all, counting the training before the checkpoint
                  (default: the --max-time the run was started with, from the same records)
  --full          train to the pipeline's own end: needed only when no record says the bounds

Example:
  granular resume runs/mnist-mlp/20261127T170000Z-1a2b3c4d`,
  options: {
    'max-steps': { type: 'string' },
    'max-time': { type: 'string' },
    full: { type: 'boolean', default: false },
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('granular resume takes one run directory');
    const runDirectory = positionals[0]!;
    const pipelineFile = join(runDirectory, 'pipeline.yaml');
    if (!existsSync(pipelineFile))
      throw new UserError(
        `${runDirectory} is not a run directory (no pipeline.yaml)`,
        'give the directory that `granular run` printed',
      );
    // Before anything in the directory changes: a live run there must not be disturbed.
    assertRunDirectoryFree(runDirectory);
    for (const folder of removeUnfinishedBundles(runDirectory))
      io.err(`removed an unfinished checkpoint: checkpoints/${folder}\n`);
    const loaded = await loadPipeline(pipelineFile, builtinCatalog());

    // By default a run resumes towards the end it was started for, as a record it can trust says.
    const manifestFile = join(runDirectory, 'manifest.json');
    const started = existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as RunManifest)
      : undefined;
    const recorded = started
      ? { maxSteps: started.maxSteps, maxSeconds: started.maxSeconds ?? null }
      : latestGoodBundle(runDirectory)?.state.bounds;
    const givenSteps = parseMaxSteps(values['max-steps']);
    const givenSeconds = parseDuration(values['max-time']);
    if (!recorded && givenSteps === undefined && givenSeconds === undefined && !values.full) {
      throw new UserError(
        `${runDirectory} has no manifest.json${listBundles(runDirectory).length > 0 ? ' and its checkpoint predates recorded bounds' : ' and no checkpoint'}: the bounds the run was started with are unknown`,
        "give them again (--max-steps N, --max-time T), or --full to train to the pipeline's own end",
      );
    }
    const maxSteps = givenSteps ?? recorded?.maxSteps ?? undefined;
    const maxSeconds = givenSeconds ?? recorded?.maxSeconds ?? undefined;

    const point = resumePoint(runDirectory, { maxSteps, maxSeconds });
    if (point.endedAt !== undefined && started?.status === 'completed') {
      io.err(
        `${runDirectory} completed at step ${point.endedAt}: nothing to resume (give --max-steps or --max-time beyond it to train on)\n`,
      );
      io.out(`${runDirectory}\n`);
      return 0;
    }
    for (const reason of point.skipped) io.err(`skipped: ${reason}\n`);
    const latest = point.bundle;
    if (latest && latest.state.configHash !== loaded.configHash)
      throw new UserError(
        `the checkpoint was written by a different configuration (${latest.state.configHash.slice(0, 8)} ≠ ${loaded.configHash.slice(0, 8)})`,
        'pipeline.yaml of the run was edited; restore it or start a new run',
      );

    if (latest) io.err(`resuming from ${latest.directory} (step ${latest.state.step})\n`);
    else
      io.err(
        `${point.endedAt === undefined ? 'no checkpoint yet' : 'no checkpoint before the last one'}: starting again from step 0\n`,
      );
    truncateEvents(runDirectory, latest?.state.step ?? 0);
    dropTrainingEvaluationsAfter(runDirectory, latest?.state.step ?? 0);
    const result = await executeRun(
      loaded,
      {
        out: runDirectory,
        ...(latest
          ? {
              resume: {
                checkpoint: latest.directory,
                step: latest.state.step,
                trainingSeconds: latest.state.trainingSeconds ?? 0,
              },
            }
          : {}),
        ...(maxSteps !== undefined ? { maxSteps } : {}),
        ...(maxSeconds !== undefined ? { maxSeconds } : {}),
      },
      io,
    );
    io.out(`${result.directory}\n`);
    return result.status === 'interrupted' ? 130 : 0;
  },
});
