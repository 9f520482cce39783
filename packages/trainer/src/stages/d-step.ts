import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage } from '@granular/core';
import { BATCH_PORT, type Batch } from '@granular/data';
import { requireFinite } from '../training/finite-values.ts';
import { latentSize, layersModel, requireImageShape } from '../training/model-access.ts';
import { trainingState } from '../training/training-state.ts';
import { stepNoise } from '../training/step-noise.ts';
import { STEP_REPORT_PORT, type StepReport } from '../training/step-report.ts';
import { adversarialParams } from './train-params.ts';
import { trainingExample } from './training-example.ts';

/**
 * One discriminator update per batch with the generator fixed: G(z) is computed outside the
 * gradient tape and only D's variables are optimized. The whole step is one synchronous
 * tf.tidy; only scalars leave it.
 */
export const dStep = defineStage({
  name: 'train/d-step',
  summary: 'Updates the discriminator on each batch (reals against G(z), G fixed); reports d_loss, d_real, d_fake',
  params: Type.Object(
    {
      ...adversarialParams,
      label_smoothing: Type.Number({ minimum: 0, exclusiveMaximum: 1, default: 0, description: 'one-sided: real targets become 1 − s (cross-entropy losses) or b − s (least squares)' }),
    },
    { additionalProperties: false },
  ),
  input: BATCH_PORT,
  output: STEP_REPORT_PORT,
  example: trainingExample(`
d:       { use: train/d-step, from: batches, with: { loss: non-saturating, lr: 0.0002 } }
g:       { use: train/g-step, from: d }`),
  create: (params, context) => {
    const { loss, optimizer } = trainingState(context, params);
    let checkedShape = false;
    return map((batch: Batch): StepReport => {
      const generator = layersModel(context, params.generator);
      const discriminator = layersModel(context, params.discriminator);
      if (!checkedShape) {
        requireImageShape(discriminator.model, params.discriminator, batch.images, 'set the model `shape:` to the data, or pad/resize the data (preprocess/pad, preprocess/resize)');
        checkedShape = true;
      }
      const step = context.step();
      const count = batch.images.shape[0];
      const realTarget = 1 - params.label_smoothing;
      const [dLoss, dReal, dFake] = tf.tidy(() => {
        const fake = generator.model.apply(stepNoise(context, step, count, latentSize(generator.model)), { training: true }) as tf.Tensor;
        let outputs: tf.Tensor[] = [];
        const cost = optimizer.minimize(
          () => {
            const real = discriminator.model.apply(batch.images, { training: true }) as tf.Tensor;
            const fakeLogits = discriminator.model.apply(fake, { training: true }) as tf.Tensor;
            const read = (logits: tf.Tensor) => tf.keep(tf.mean(loss.probabilities ? tf.sigmoid(logits) : logits));
            outputs = [read(real), read(fakeLogits)];
            return loss.discriminator(real, fakeLogits, params.label_smoothing > 0 ? { realTarget } : {});
          },
          true,
          discriminator.variables,
        )!;
        const values = tf.stack([cost, ...outputs]).dataSync();
        tf.dispose(outputs);
        return Array.from(values);
      });
      const values = { d_loss: dLoss!, d_real: dReal!, d_fake: dFake! };
      requireFinite(values, step);
      for (const [name, value] of Object.entries(values)) context.emit(name, value);
      return { step, batchSize: count, values };
    });
  },
});
