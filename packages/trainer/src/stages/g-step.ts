import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage } from '@granular/core';
import { requireFinite } from '../training/finite-values.ts';
import { learningRateAt, setLearningRate } from '../training/learning-rate.ts';
import { discriminatorProblems } from '../training/model-checks.ts';
import { latentSize, layersModel } from '../training/model-access.ts';
import { generate, inputCount, judge, toDiscriminatorInputs, trainingExample } from '@granular/models';
import { classLoss } from '@granular/losses';
import { conditioningOf, stepLabels, type Conditioning } from '../training/conditioning.ts';
import { weightedMean } from '../training/scales.ts';
import { stepNoise } from '../training/step-noise.ts';
import { STEP_REPORT_PORT, type StepReport } from '../training/step-report.ts';
import { trainingState } from '../training/training-state.ts';
import { adversarialParams } from './train-params.ts';
import { augmentationOf } from '../training/augmentation.ts';

/**
 * One generator update with the discriminator fixed (only G's variables are optimized),
 * after every n_critic discriminator steps. Its noise is drawn afresh (its own stream), as in
 * the alternating algorithm of Goodfellow et al. 2014. A multi-scale G is judged at every
 * scale; relativistic losses also read D on the step's real images. A class-conditional G is
 * asked for uniformly drawn classes (its own stream, like z); with an ACGAN D, G also minimizes
 * the class loss of its fakes; the D step's augmentation applies here too.
 */
export const gStep = defineStage({
  name: 'train/g-step',
  summary: 'Updates the generator (D fixed) every n_critic D steps; adds g_loss to the step report',
  params: Type.Object(
    {
      ...adversarialParams,
      n_critic: Type.Integer({ minimum: 1, maximum: 100, default: 1, description: 'D steps per G step (5 for WGAN)' }),
    },
    { additionalProperties: false },
  ),
  input: STEP_REPORT_PORT,
  output: STEP_REPORT_PORT,
  example: trainingExample(`
d:       { use: train/d-step, from: batches }
g:       { use: train/g-step, from: d, with: { n_critic: 2 } }`),
  validate: (params, pipeline) => discriminatorProblems(params, { ...pipeline, inputType: undefined }),
  create: (params, context) => {
    const { loss, optimizer } = trainingState(context, params);
    let conditioning: Conditioning | undefined;
    let checked = false;
    return map((report: StepReport): StepReport => {
      if (report.step % params.n_critic !== 0) return report;
      const generator = layersModel(context, params.generator);
      const discriminator = layersModel(context, params.discriminator);
      if (!checked) conditioning = conditioningOf(generator.model, discriminator.model, params);
      checked = true;
      setLearningRate(optimizer, learningRateAt(report.step, params));
      const gLoss = tf.tidy(() => {
        const z = stepNoise(context, report.step, report.batchSize, latentSize(generator.model));
        const labels = conditioning
          ? stepLabels(context, report.step, report.batchSize, conditioning.classes)
          : undefined;
        // The D step's augmentation (if it has one) applies to what D sees here too: G learns through it.
        const augmenter = context.shared(augmentationOf(params.discriminator));
        const seenBy = (which: 'real' | 'fake', images: readonly tf.Tensor[]) =>
          augmenter ? augmenter.forStep(context, which, report.step, images)(images) : [...images];
        const realOutputs =
          loss.generatorNeedsReal && report.real
            ? judge(discriminator.model, seenBy('real', report.real), report.realLabels, true).scores
            : undefined;
        const cost = optimizer.minimize(
          () => {
            const fake = toDiscriminatorInputs(
              generate(generator.model, z, labels, true),
              inputCount(discriminator.model),
              params,
            );
            const { scores, classLogits } = judge(discriminator.model, seenBy('fake', fake), labels, true);
            const adversarial = weightedMean(
              scores.map((f, i) => loss.generator(f, realOutputs?.[i])),
              params.scale_weights,
            );
            // ACGAN: G also wants its fakes classified as the classes it was asked for.
            return classLogits
              ? (tf.add(adversarial, tf.mul(params.class_weight, classLoss(classLogits, labels!))) as tf.Scalar)
              : adversarial;
          },
          true,
          generator.variables,
        )!;
        return cost.dataSync()[0]!;
      });
      requireFinite({ g_loss: gLoss }, report.step);
      context.emit('g_loss', gLoss);
      return { ...report, values: { ...report.values, g_loss: gLoss } };
    });
  },
});
