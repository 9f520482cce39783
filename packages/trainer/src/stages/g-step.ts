import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage } from '@granular/core';
import { requireFinite } from '../training/finite-values.ts';
import { latentSize, layersModel } from '../training/model-access.ts';
import { trainingState } from '../training/training-state.ts';
import { stepNoise } from '../training/step-noise.ts';
import { STEP_REPORT_PORT, type StepReport } from '../training/step-report.ts';
import { adversarialParams } from './train-params.ts';
import { trainingExample } from './training-example.ts';

/**
 * One generator update with the discriminator fixed (only G's variables are optimized),
 * after every n_critic discriminator steps. Its noise is drawn afresh (its own stream), as in
 * the alternating algorithm of Goodfellow et al. 2014.
 */
export const gStep = defineStage({
  name: 'train/g-step',
  summary: 'Updates the generator (D fixed) every n_critic D steps; adds g_loss to the step report',
  params: Type.Object(
    {
      ...adversarialParams,
      n_critic: Type.Integer({ minimum: 1, default: 1, description: 'D steps per G step (5 for WGAN)' }),
    },
    { additionalProperties: false },
  ),
  input: STEP_REPORT_PORT,
  output: STEP_REPORT_PORT,
  example: trainingExample(`
d:       { use: train/d-step, from: batches }
g:       { use: train/g-step, from: d, with: { n_critic: 2 } }`),
  create: (params, context) => {
    const { loss, optimizer } = trainingState(context, params);
    return map((report: StepReport): StepReport => {
      if (report.step % params.n_critic !== 0) return report;
      const generator = layersModel(context, params.generator);
      const discriminator = layersModel(context, params.discriminator);
      const gLoss = tf.tidy(() => {
        const z = stepNoise(context, report.step, report.batchSize, latentSize(generator.model));
        const cost = optimizer.minimize(
          () => loss.generator(discriminator.model.apply(generator.model.apply(z, { training: true }), { training: true }) as tf.Tensor),
          true,
          generator.variables,
        )!;
        return cost.dataSync()[0]!;
      });
      const values = { ...report.values, g_loss: gLoss };
      requireFinite({ g_loss: gLoss }, report.step);
      context.emit('g_loss', gLoss);
      return { ...report, values };
    });
  },
});
