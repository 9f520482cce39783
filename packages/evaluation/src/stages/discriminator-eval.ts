import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import type { Observable } from 'rxjs';
import { defineStage, mapExclusive, Random, registryRef, UserError } from '@granular/core';
import type { ImageDataset } from '@granular/data';
import {
  applyDiscriminator,
  balancedLabels,
  generate,
  inputCount,
  modelClasses,
  toDiscriminatorInputs,
  modelOrEma,
  trainingExample,
} from '@granular/models';
import { pyramidBuilders } from '@granular/ops';
import { METRICS_PORT, TRAINED_STEP_PORT } from './metrics-port.ts';

const CHUNK = 250;

/** D's verdict per example: its logits averaged over outputs and patches (one for most Ds, a map per scale for pix2pixHD's). */
function scores(discriminator: tf.LayersModel, { images, labels }: Judged): tf.Tensor1D {
  const outputs = applyDiscriminator(discriminator, images, false, labels);
  return tf.div(
    tf.addN(outputs.map((o) => tf.mean(tf.reshape(o, [o.shape[0]!, -1]), 1))),
    outputs.length,
  ) as tf.Tensor1D;
}

/** D's inputs for a chunk: the images at each scale, and their labels for a class-conditional D. */
interface Judged {
  images: tf.Tensor[];
  labels: tf.Tensor1D | undefined;
}

/** Mean of D's output and the share it classifies as `real`, over images given in chunks (bounded memory). */
function judge(
  discriminator: tf.LayersModel,
  images: (start: number, size: number) => Judged,
  count: number,
  real: boolean,
  probabilities: boolean,
): { mean: number; accuracy: number } {
  let sum = 0;
  let correct = 0;
  for (let start = 0; start < count; start += CHUNK) {
    const size = Math.min(CHUNK, count - start);
    const [outputSum, right] = tf.tidy(() => {
      const logits = scores(discriminator, images(start, size));
      const says = tf.greater(logits, 0);
      const hits = real ? says : tf.logicalNot(says);
      return [
        tf.sum(probabilities ? tf.sigmoid(logits) : logits).dataSync()[0]!,
        tf.sum(tf.cast(hits, 'float32')).dataSync()[0]!,
      ];
    });
    sum += outputSum;
    correct += right;
  }
  return { mean: sum / count, accuracy: correct / count };
}

/**
 * What the origin means by evaluating G and D on test data: D's mean output and accuracy on
 * held-out real images (the test split) and on as many fresh fakes. An accuracy near 0.5 on
 * both means D can no longer tell them apart.
 */
export const discriminatorEval = defineStage({
  name: 'eval/discriminator',
  summary: "D's mean output and accuracy on test-split reals and on fresh fakes",
  params: Type.Object(
    {
      data: registryRef('stage', {
        port: 'Dataset',
        description: 'the stage that gives the test data set (preprocessed like the training data)',
      }),
      generator: registryRef('model', { default: 'G', description: 'the generator' }),
      ema: Type.Boolean({ default: true, description: 'use the moving average of G when a train/ema stage keeps one' }),
      discriminator: registryRef('model', { default: 'D', description: 'the discriminator' }),
      count: Type.Integer({
        minimum: 1,
        maximum: 1000000,
        default: 1000,
        description: 'real (and fake) images to judge',
      }),
      pyramid: Type.Union([Type.Literal('avgpool'), Type.Literal('gaussian'), Type.Literal('laplacian')], {
        default: 'avgpool',
        description: 'for a multi-scale D: the pyramid the real images are given as (as in training)',
      }),
      probabilities: Type.Boolean({
        default: true,
        description: "report mean σ(D) (cross-entropy losses); false: D's raw output (least squares)",
      }),
    },
    { additionalProperties: false },
  ),
  input: TRAINED_STEP_PORT,
  output: METRICS_PORT,
  example: trainingExample(`
test:    { use: data/mnist, with: { split: test, limit: 500 } }
test-scaled: { use: preprocess/normalize, from: test, with: { range: [-1, 1] } }
d:       { use: train/d-step, from: batches }
g:       { use: train/g-step, from: d }
judge:   { use: eval/discriminator, from: g, every: 4, with: { data: test-scaled, count: 500 } }
sink:    { use: toy/record, from: judge }`),
  create: (params, context) => (input: Observable<{ step: number }>) =>
    input.pipe(
      mapExclusive(context, async (report) => {
        const dataset = await context.sideInput<ImageDataset>(params.data);
        if (!dataset || !(dataset.images instanceof Float32Array))
          throw new UserError(
            `stage '${params.data}' does not give a data set`,
            'point data: at a data/… or preprocess/… stage',
          );
        const generator = modelOrEma(context, params.generator, params.ema);
        const discriminator = context.model<tf.LayersModel>(params.discriminator);
        const count = Math.min(params.count, dataset.count);
        const size = dataset.height * dataset.width * dataset.channels;
        const scales = inputCount(discriminator);
        const realImages = (start: number, n: number): Judged => {
          const images = tf.tensor4d(dataset.images.subarray(start * size, (start + n) * size), [
            n,
            dataset.height,
            dataset.width,
            dataset.channels,
          ]);
          const labels = dataset.labels ? tf.tensor1d(dataset.labels.subarray(start, start + n), 'int32') : undefined;
          return { images: scales === 1 ? [images] : pyramidBuilders[params.pyramid](images, scales), labels };
        };
        const latent = generator.inputs[0]!.shape.at(-1)!;
        const classes = modelClasses(generator);
        const noise = Random.derive(context.run.seed, `${context.stage}:step:${report.step}`);
        const fakeImages = (start: number, n: number): Judged => {
          const labels = classes === undefined ? undefined : balancedLabels(n, classes, start);
          const z = tf.randomNormal([n, latent], 0, 1, 'float32', noise.uint32());
          return { images: toDiscriminatorInputs(generate(generator, z, labels, false), scales, params), labels };
        };
        const real = judge(discriminator, realImages, count, true, params.probabilities);
        const fake = judge(discriminator, fakeImages, count, false, params.probabilities);
        const metrics = {
          d_test_real: real.mean,
          d_test_fake: fake.mean,
          d_test_real_accuracy: real.accuracy,
          d_test_fake_accuracy: fake.accuracy,
          d_test_accuracy: (real.accuracy + fake.accuracy) / 2,
        };
        for (const [name, value] of Object.entries(metrics)) context.emit(name, value);
        return { step: report.step, values: metrics };
      }),
    ),
});
