import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { ignoreElements, type Observable } from 'rxjs';
import { defineStage, mapExclusive, type StageContext, NONE_PORT } from '@granular/core';
import { bundleLayout } from '../checkpoints/bundle-layout.ts';
import { pruneBundles, writeBundle } from '../checkpoints/checkpoint-bundle.ts';
import { loadWeightsInto, saveLayersModel, trainingExample } from '@granular/models';
import { STEP_REPORT_PORT, type StepReport } from '../training/step-report.ts';

async function saveCheckpoint(context: StageContext, step: number, keep: number): Promise<void> {
  const runDirectory = context.run.directory;
  if (!runDirectory) return;
  const states = context.checkpointables();
  const directory = await writeBundle(
    join(runDirectory, 'checkpoints'),
    {
      step,
      configHash: context.run.configHash,
      models: [...context.run.models],
      state: [...states.keys()],
      time: new Date().toISOString(),
      trainingSeconds: context.trainingSeconds(),
      bounds: { maxSteps: context.run.maxSteps ?? null, maxSeconds: context.run.maxSeconds ?? null },
    },
    async (target) => {
      for (const state of states.values()) await state.save(target);
    },
  );
  pruneBundles(runDirectory, keep);
  context.emit('checkpoint', relative(runDirectory, directory)); // relative: the run directory may move
}

/**
 * Saves every model and optimizer of the run as one checksummed bundle, atomically: when
 * its input item arrives (schedule it with `every: N`; the last item, at the end or after
 * Ctrl-C, is saved too). Training waits while it saves, so the bundle is consistent.
 */
export const checkpoint = defineStage({
  name: 'train/checkpoint',
  summary:
    'Writes checkpoints/step-NNNNNN/ (models in the TF.js layers format, optimizer state, checksums), atomically',
  params: Type.Object(
    {
      keep: Type.Integer({
        minimum: 1,
        maximum: 1000,
        default: 3,
        description: 'how many of the newest checkpoints to keep',
      }),
    },
    { additionalProperties: false },
  ),
  input: STEP_REPORT_PORT,
  output: NONE_PORT,
  example: trainingExample(`
d:       { use: train/d-step, from: batches }
g:       { use: train/g-step, from: d }
save:    { use: train/checkpoint, from: g, every: 4, with: { keep: 2 } }`),
  create: ({ keep }, context) => {
    // The models' weights are the run's; the checkpoint stage keeps them (a second one shares them).
    for (const name of context.run.models) {
      if (context.checkpointables().has(`model:${name}`)) continue;
      context.checkpointable(`model:${name}`, {
        save: (bundle) => saveLayersModel(context.model<tf.LayersModel>(name), bundleLayout.model(bundle, name)),
        restore: (bundle) => loadWeightsInto(context.model<tf.LayersModel>(name), bundleLayout.model(bundle, name)),
      });
    }
    return (input: Observable<StepReport>) =>
      input.pipe(
        mapExclusive(context, (report: StepReport) => saveCheckpoint(context, report.step, keep)),
        ignoreElements(),
      );
  },
});
