import * as tf from '@tensorflow/tfjs';
import type { Random } from '@granular/core';
import { balancedLabels, finestImage, generate, modelClasses } from '@granular/models';
import { imagesForMetrics } from './classifier-input.ts';
import { judgeImages, type Judged } from './metric-suite.ts';

/**
 * `count` samples of G with noise from `random`, judged by the classifier (the finest image of
 * a multi-scale G); a class-conditional G is asked for every class in turn (balanced), and
 * the judged samples keep the class each was asked to be.
 */
export function judgeGenerator(
  generator: tf.LayersModel,
  embedding: tf.LayersModel | undefined,
  count: number,
  range: readonly [number, number],
  random: Random,
): Judged {
  const latent = generator.inputs[0]!.shape.at(-1)!;
  const classes = modelClasses(generator);
  const judged = judgeImages(embedding, count, (start, size) => {
    const z = tf.randomNormal([size, latent], 0, 1, 'float32', random.uint32());
    const labels = classes === undefined ? undefined : balancedLabels(size, classes, start);
    const output = generate(generator, z, labels, false) as tf.Tensor4D | tf.Tensor4D[];
    return imagesForMetrics(finestImage(output), range);
  });
  if (classes === undefined) return judged;
  return { ...judged, labels: Int32Array.from({ length: judged.images.count }, (_, i) => i % classes) };
}
