import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import {
  componentParameters,
  defineStage,
  Random,
  registryRef,
  type StageContext,
  type StageProblem,
  type StageValidationContext,
  eitherPort,
} from '@granular/core';
import type { Batch, PyramidBatch } from '@granular/data';
import { classLoss, type AdversarialLoss, type PenaltyDefinition } from '@granular/losses';
import { requireFinite } from '../training/finite-values.ts';
import { learningRateAt, setLearningRate } from '../training/learning-rate.ts';
import { conditioningProblems, discriminatorProblems } from '../training/model-checks.ts';
import { latentSize, layersModel, requireImageShape } from '../training/model-access.ts';
import { generate, inputCount, judge, toDiscriminatorInputs, trainingExample } from '@granular/models';
import { conditioningOf, realLabels, stepLabels, type Conditioning } from '../training/conditioning.ts';
import { realInputs, weightedMean } from '../training/scales.ts';
import { stepNoise } from '../training/step-noise.ts';
import { STEP_REPORT_PORT, type StepReport } from '../training/step-report.ts';
import { trainingState } from '../training/training-state.ts';
import { adversarialParams } from './train-params.ts';
import { augmentationOf, augmentParams, Augmenter } from '../training/augmentation.ts';
import { BATCH_PORT, PYRAMID_PORT } from '@granular/data';

const dStepParams = Type.Object(
  {
    ...adversarialParams,
    label_smoothing: Type.Number({
      minimum: 0,
      exclusiveMaximum: 1,
      default: 0,
      description: 'one-sided: real targets become 1 − s (cross-entropy, hinge) or b − s (least squares)',
    }),
    penalties: Type.Array(
      Type.Object(
        {
          use: registryRef('penalty', { description: 'a registered penalty: r1, gp, drift (or a plugin’s)' }),
          with: Type.Object(
            {},
            { additionalProperties: true, default: {}, description: 'its parameters (docs/losses.md)' },
          ),
        },
        { additionalProperties: false },
      ),
      {
        default: [],
        maxItems: 16,
        description: "terms added to D's loss, in order, each logged as d_<name>: [{ use: r1, with: { gamma: 10 } }]",
      },
    ),
    augment: Type.Optional(augmentParams),
  },
  { additionalProperties: false },
);

type DStepParams = import('@sinclair/typebox').Static<typeof dStepParams>;

/** A penalty of the pipeline's list with its checked parameters. */
interface ChosenPenalty {
  definition: PenaltyDefinition;
  params: Record<string, unknown>;
}

/**
 * The images D judges at one step, with their labels when the pair is class-conditional and
 * the augmentation D sees them through (the identity without `augment:`).
 */
interface Judged {
  images: tf.Tensor[];
  labels: tf.Tensor1D | undefined;
  augment: (images: readonly tf.Tensor[]) => tf.Tensor[];
}

/**
 * One step's D loss (adversarial, averaged over D's outputs, plus penalties and, for an ACGAN
 * D, its class loss on reals and fakes), and the mean outputs to report.
 */
function discriminatorObjective(
  params: DStepParams,
  penalties: readonly ChosenPenalty[],
  loss: AdversarialLoss,
  discriminator: tf.LayersModel,
  real: Judged,
  fake: Judged,
  uniformPerExample: () => tf.Tensor1D,
) {
  const onReal = judge(discriminator, real.augment(real.images), real.labels, true);
  const onFake = judge(discriminator, fake.augment(fake.images), fake.labels, true);
  const realOutputs = onReal.scores;
  const fakeOutputs = onFake.scores;
  const adversarial = weightedMean(
    realOutputs.map((r, i) => loss.discriminator(r, fakeOutputs[i]!, { labelSmoothing: params.label_smoothing })),
    params.scale_weights,
  );
  const terms: Record<string, tf.Scalar> = {};
  // Penalties see D as a function of images alone: a projection D keeps the real labels, and the
  // reals' augmentation is part of it (R1 is the gradient through it, as DiffAugment and ADA take it).
  const critic = (inputs: tf.Tensor[]) => judge(discriminator, real.augment(inputs), real.labels, true).scores;
  for (const { definition, params: given } of penalties)
    terms[definition.name] = definition.compute(
      { critic, real: real.images, fake: fake.images, realOutputs, uniformPerExample },
      given as never,
    );
  if (onReal.classLogits && onFake.classLogits)
    terms['class'] = tf.mul(
      params.class_weight,
      tf.add(classLoss(onReal.classLogits, real.labels!), classLoss(onFake.classLogits, fake.labels!)),
    ) as tf.Scalar;
  const read = (outputs: tf.Tensor[]) =>
    tf.mean(tf.stack(outputs.map((o) => tf.mean(loss.probabilities ? tf.sigmoid(o) : o))));
  return {
    total: tf.addN([adversarial, ...Object.values(terms)]) as tf.Scalar,
    adversarial,
    terms,
    realMean: read(realOutputs),
    fakeMean: read(fakeOutputs),
    // ADA's overfitting heuristic: E[sign D(real)], over D's outputs.
    realSign: tf.mean(tf.stack(realOutputs.map((o) => tf.mean(tf.sign(o))))),
  };
}

/**
 * One discriminator update per batch with the generator fixed: G(z) is computed outside the
 * gradient tape and only D's variables are optimized. Works at one scale (Batch) or several
 * (Pyramid, for MSG-GAN), with R1, gradient penalty and drift. A class-conditional pair
 * reads the batch's labels and asks G for uniformly drawn classes; `augment:` transforms every
 * image D sees (DiffAugment, ADA). The whole step is one synchronous tf.tidy; only scalars leave it.
 */
export const dStep = defineStage({
  name: 'train/d-step',
  summary:
    'Updates the discriminator on each batch or pyramid (reals against G(z), G fixed), with optional penalties (R1, gradient penalty, drift), class labels and differentiable augmentation',
  params: dStepParams,
  input: eitherPort(BATCH_PORT, PYRAMID_PORT),
  output: STEP_REPORT_PORT,
  example: trainingExample(`
d:       { use: train/d-step, from: batches, with: { loss: non-saturating, lr: 0.0002 } }
g:       { use: train/g-step, from: d }`),
  validate: (params, pipeline) => [
    ...penaltyProblems(params.penalties, pipeline),
    ...discriminatorProblems(params, pipeline, secondOrderPenalties(params.penalties, pipeline)),
    ...conditioningProblems(params, pipeline),
  ],
  create: (params, context) => {
    const { loss, optimizer } = trainingState(context, params);
    const chosenPenalties = params.penalties.map(({ use, with: given }): ChosenPenalty => {
      const definition = context.lookup<PenaltyDefinition>('penalty', use);
      return { definition, params: componentParameters(definition, given).params };
    });
    const augmenter = params.augment ? new Augmenter(params.augment) : undefined;
    if (augmenter) {
      augmenter.checkpointIn(context);
      context.share(augmentationOf(params.discriminator), augmenter);
    }
    const identity = (images: readonly tf.Tensor[]) => [...images];
    let checkedShape = false;
    let conditioning: Conditioning | undefined;
    return map((item: Batch | PyramidBatch): StepReport => {
      const generator = layersModel(context, params.generator);
      const discriminator = layersModel(context, params.discriminator);
      const real = realInputs(item);
      if (!checkedShape) conditioning = conditioningOf(generator.model, discriminator.model, params);
      const labels = conditioning ? realLabels(item.labels, conditioning, !checkedShape) : undefined;
      if (!checkedShape) {
        real.forEach((images, i) =>
          requireImageShape(
            discriminator.model,
            params.discriminator,
            images,
            'set the model `shape:`/`scales:` to the data, or pad/resize the data (preprocess/pad, preprocess/resize)',
            i,
          ),
        );
        checkedShape = true;
      }
      const step = context.step();
      const count = real[0]!.shape[0];
      setLearningRate(optimizer, learningRateAt(step, params));
      const values = tf.tidy(() => {
        const fakeLabels = conditioning ? stepLabels(context, step, count, conditioning.classes) : undefined;
        const z = stepNoise(context, step, count, latentSize(generator.model));
        const generated = generate(generator.model, z, fakeLabels, true);
        const fake = toDiscriminatorInputs(generated, inputCount(discriminator.model), params);
        const augmentReal = augmenter ? augmenter.forStep(context, 'real', step, real) : identity;
        const augmentFake = augmenter ? augmenter.forStep(context, 'fake', step, fake) : identity;
        let kept: tf.Tensor[] = [];
        let termNames: string[] = [];
        const cost = optimizer.minimize(
          () => {
            const objective = discriminatorObjective(
              params,
              chosenPenalties,
              loss,
              discriminator.model,
              { images: real, labels, augment: augmentReal },
              { images: fake, labels: fakeLabels, augment: augmentFake },
              () => interpolationWeights(context, step, count),
            );
            termNames = Object.keys(objective.terms);
            kept = [
              objective.adversarial,
              objective.realMean,
              objective.fakeMean,
              objective.realSign,
              ...Object.values(objective.terms),
            ].map((t) => tf.keep(t));
            return objective.total;
          },
          true,
          discriminator.variables,
        )!;
        const numbers = Array.from(tf.stack([cost, ...kept]).dataSync());
        tf.dispose(kept);
        const [total, adversarial, dReal, dFake, realSign, ...terms] = numbers as [
          number,
          number,
          number,
          number,
          number,
          ...number[],
        ];
        augmenter?.observe(realSign, count);
        // The adversarial part alone is worth reporting only when penalties are added to it.
        const penalties =
          termNames.length > 0
            ? {
                d_adversarial: adversarial,
                ...Object.fromEntries(termNames.map((name, i) => [`d_${name}`, terms[i]!])),
              }
            : {};
        const adaptive: Record<string, number> = augmenter?.params.adaptive ? { augment_p: augmenter.probability } : {};
        return { d_loss: total, d_real: dReal, d_fake: dFake, ...penalties, ...adaptive };
      });
      requireFinite(values, step);
      for (const [name, value] of Object.entries(values)) context.emit(name, value);
      return { step, batchSize: count, values, real, realLabels: labels };
    });
  },
});

/** Each listed penalty's parameters against its schema (unknown names are the reference check's). */
function penaltyProblems(penalties: DStepParams['penalties'], pipeline: StageValidationContext): StageProblem[] {
  return penalties.flatMap(({ use, with: given }, index) => {
    const definition = pipeline.lookup<PenaltyDefinition>('penalty', use);
    if (!definition) return [];
    return componentParameters(definition, given).problems.map((problem) => ({
      path: ['penalties', index, 'with'],
      message: `${use}: ${problem}`,
      hint: `see the parameters of '${use}' in docs/losses.md`,
    }));
  });
}

/** The listed penalties that differentiate D's gradient, each with where it is written. */
function secondOrderPenalties(
  penalties: DStepParams['penalties'],
  pipeline: StageValidationContext,
): { name: string; path: (string | number)[] }[] {
  return penalties.flatMap(({ use }, index) =>
    pipeline.lookup<PenaltyDefinition>('penalty', use)?.secondOrder
      ? [{ name: use, path: ['penalties', index, 'use'] }]
      : [],
  );
}

/** ε ~ U(0, 1) per example for the gradient penalty's interpolates, from the step's own stream. */
function interpolationWeights(context: StageContext, step: number, count: number): tf.Tensor1D {
  const random = Random.derive(context.run.seed, `${context.stage}:interpolation:${step}`);
  return tf.tensor1d(Array.from({ length: count }, () => random.next()));
}
