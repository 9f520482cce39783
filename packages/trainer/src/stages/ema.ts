import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage, registryRef } from '@granular/core';
import { bundleLayout } from '../checkpoints/bundle-layout.ts';
import { loadWeightsInto, movingAverageOf, saveLayersModel, trainingExample } from '@granular/models';
import { STEP_REPORT_PORT, type StepReport } from '../training/step-report.ts';

/**
 * An exponential moving average of G's weights (Karras et al. 2018; Yazıcı et al. 2019):
 * ŵ ← β·ŵ + (1 − β)·w after every G step from `start` on (before, ŵ follows w exactly).
 * Sample grids and evaluation use the average, which is usually better than the last
 * weights; checkpoints save it as models/<G>.ema and a resumed run restores it.
 */
export const ema = defineStage({
  name: 'train/ema',
  summary: "Keeps an exponential moving average of the generator's weights (used by samples and evaluation)",
  params: Type.Object(
    {
      model: registryRef('model', { default: 'G', description: 'the model to average' }),
      decay: Type.Number({
        minimum: 0,
        maximum: 1,
        default: 0.999,
        description: 'β: the weight of the old average each step',
      }),
      start: Type.Integer({
        minimum: 0,
        default: 0,
        description: 'the step from which the average begins (before it, a plain copy)',
      }),
    },
    { additionalProperties: false },
  ),
  input: STEP_REPORT_PORT,
  output: STEP_REPORT_PORT,
  example: trainingExample(`
d:       { use: train/d-step, from: batches }
g:       { use: train/g-step, from: d }
ema:     { use: train/ema, from: g, with: { decay: 0.999, start: 100 } }`),
  create: (params, context) => {
    let shadow: tf.LayersModel | undefined;
    // The average is made at the first step; a resumed run makes it from the checkpoint's.
    let resumedFrom: string | undefined;
    context.checkpointable(`ema:${params.model}`, {
      save: async (bundle) => {
        if (shadow) await saveLayersModel(shadow, bundleLayout.movingAverage(bundle, params.model));
      },
      restore: (bundle) => void (resumedFrom = bundle),
    });
    const shadowOf = (model: tf.LayersModel): tf.LayersModel => {
      if (!shadow) {
        shadow = context.freshModel<tf.LayersModel>(params.model);
        const saved = resumedFrom ? bundleLayout.movingAverage(resumedFrom, params.model) : undefined;
        if (saved && existsSync(saved)) loadWeightsInto(shadow, saved);
        else shadow.setWeights(model.getWeights());
        context.share(movingAverageOf(params.model), shadow);
      }
      return shadow;
    };
    return map((report: StepReport): StepReport => {
      const model = context.model<tf.LayersModel>(params.model);
      const average = shadowOf(model);
      const decay = report.step < params.start ? 0 : params.decay;
      tf.tidy(() => {
        const current = model.getWeights();
        average.weights.forEach((weight, i) => {
          // Moving statistics (batch norm) are averaged like the trainable weights.
          weight.write(tf.add(tf.mul(decay, weight.read()), tf.mul(1 - decay, current[i]!)));
        });
      });
      return report;
    });
  },
});
