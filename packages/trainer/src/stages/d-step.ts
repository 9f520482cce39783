import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage, Random, type StageContext } from '@granular/core';
import type { Batch, PyramidBatch } from '@granular/data';
import { driftPenalty, gradientPenalty, r1Penalty, type AdversarialLoss } from '@granular/losses';
import { requireFinite } from '../training/finite-values.ts';
import { learningRateAt, setLearningRate } from '../training/learning-rate.ts';
import { discriminatorProblems } from '../training/model-checks.ts';
import { latentSize, layersModel, requireImageShape } from '../training/model-access.ts';
import { applyDiscriminator, inputCount, realInputs, toDiscriminatorInputs, weightedMean } from '../training/scales.ts';
import { stepNoise } from '../training/step-noise.ts';
import { STEP_REPORT_PORT, type StepReport } from '../training/step-report.ts';
import { trainingState } from '../training/training-state.ts';
import { trainingExample } from './training-example.ts';
import { adversarialParams } from './train-params.ts';

const dStepParams = Type.Object(
  {
    ...adversarialParams,
    label_smoothing: Type.Number({ minimum: 0, exclusiveMaximum: 1, default: 0, description: 'one-sided: real targets become 1 − s (cross-entropy, hinge) or b − s (least squares)' }),
    r1: Type.Number({ minimum: 0, default: 0, description: 'R1 weight γ: γ/2·E‖∇D(x)‖² on reals (mean over scales)' }),
    gradient_penalty: Type.Number({ minimum: 0, default: 0, description: 'WGAN-GP weight λ: λ·E[(‖∇D(x̂)‖ − 1)²] on interpolates' }),
    drift: Type.Number({ minimum: 0, default: 0, description: 'drift weight ε: ε·E[D(x)²]' }),
  },
  { additionalProperties: false },
);

type DStepParams = import('@sinclair/typebox').Static<typeof dStepParams>;

/** One step's D loss (adversarial, averaged over D's outputs, plus penalties), and the mean outputs to report. */
function discriminatorObjective(params: DStepParams, loss: AdversarialLoss, discriminator: tf.LayersModel, real: tf.Tensor[], fake: tf.Tensor[], epsilon: () => tf.Tensor1D) {
  const realOutputs = applyDiscriminator(discriminator, real, true);
  const fakeOutputs = applyDiscriminator(discriminator, fake, true);
  const adversarial = weightedMean(realOutputs.map((r, i) => loss.discriminator(r, fakeOutputs[i]!, { labelSmoothing: params.label_smoothing })), params.scale_weights);
  const terms: Record<string, tf.Scalar> = {};
  const critic = (inputs: tf.Tensor[]) => applyDiscriminator(discriminator, inputs, true);
  if (params.r1 > 0) terms['r1'] = r1Penalty(critic, real, params.r1);
  if (params.gradient_penalty > 0) terms['gp'] = gradientPenalty(critic, real, fake, params.gradient_penalty, epsilon());
  if (params.drift > 0) terms['drift'] = driftPenalty(realOutputs, params.drift);
  const read = (outputs: tf.Tensor[]) => tf.mean(tf.stack(outputs.map((o) => tf.mean(loss.probabilities ? tf.sigmoid(o) : o))));
  return { total: tf.addN([adversarial, ...Object.values(terms)]) as tf.Scalar, adversarial, terms, realMean: read(realOutputs), fakeMean: read(fakeOutputs) };
}

/**
 * One discriminator update per batch with the generator fixed: G(z) is computed outside the
 * gradient tape and only D's variables are optimized. Works at one scale (Batch) or several
 * (Pyramid, for MSG-GAN), with R1, gradient penalty and drift. The whole step is one
 * synchronous tf.tidy; only scalars leave it.
 */
export const dStep = defineStage({
  name: 'train/d-step',
  summary: 'Updates the discriminator on each batch or pyramid (reals against G(z), G fixed), with optional R1, gradient penalty and drift',
  params: dStepParams,
  input: 'Batch|Pyramid',
  output: STEP_REPORT_PORT,
  example: trainingExample(`
d:       { use: train/d-step, from: batches, with: { loss: non-saturating, lr: 0.0002 } }
g:       { use: train/g-step, from: d }`),
  validate: (params, pipeline) => discriminatorProblems(params, pipeline, { r1: params.r1, gradient_penalty: params.gradient_penalty }),
  create: (params, context) => {
    const { loss, optimizer } = trainingState(context, params);
    let checkedShape = false;
    return map((item: Batch | PyramidBatch): StepReport => {
      const generator = layersModel(context, params.generator);
      const discriminator = layersModel(context, params.discriminator);
      const real = realInputs(item);
      if (!checkedShape) {
        real.forEach((images, i) => requireImageShape(discriminator.model, params.discriminator, images, 'set the model `shape:`/`scales:` to the data, or pad/resize the data (preprocess/pad, preprocess/resize)', i));
        checkedShape = true;
      }
      const step = context.step();
      const count = real[0]!.shape[0];
      setLearningRate(optimizer, learningRateAt(step, params));
      const values = tf.tidy(() => {
        const generated = generator.model.apply(stepNoise(context, step, count, latentSize(generator.model)), { training: true }) as tf.Tensor | tf.Tensor[];
        const fake = toDiscriminatorInputs(generated, inputCount(discriminator.model), params);
        let kept: tf.Tensor[] = [];
        let termNames: string[] = [];
        const cost = optimizer.minimize(
          () => {
            const objective = discriminatorObjective(params, loss, discriminator.model, real, fake, () => interpolationWeights(context, step, count));
            termNames = Object.keys(objective.terms);
            kept = [objective.adversarial, objective.realMean, objective.fakeMean, ...Object.values(objective.terms)].map((t) => tf.keep(t));
            return objective.total;
          },
          true,
          discriminator.variables,
        )!;
        const numbers = Array.from(tf.stack([cost, ...kept]).dataSync());
        tf.dispose(kept);
        const [total, adversarial, dReal, dFake, ...terms] = numbers as [number, number, number, number, ...number[]];
        // The adversarial part alone is worth reporting only when penalties are added to it.
        const penalties = termNames.length > 0 ? { d_adversarial: adversarial, ...Object.fromEntries(termNames.map((name, i) => [`d_${name}`, terms[i]!])) } : {};
        return { d_loss: total, d_real: dReal, d_fake: dFake, ...penalties };
      });
      requireFinite(values, step);
      for (const [name, value] of Object.entries(values)) context.emit(name, value);
      return { step, batchSize: count, values, real };
    });
  },
});

/** ε ~ U(0, 1) per example for the gradient penalty's interpolates, from the step's own stream. */
function interpolationWeights(context: StageContext, step: number, count: number): tf.Tensor1D {
  const random = Random.derive(context.run.seed, `${context.stage}:interpolation:${step}`);
  return tf.tensor1d(Array.from({ length: count }, () => random.next()));
}
