import * as tf from '@tensorflow/tfjs';
import type { Random } from '@granular/core';
import { finestImage } from '@granular/models';
import { imagesForMetrics } from './classifier-input.ts';
import { judgeImages, type Judged } from './metric-suite.ts';

/** `count` samples of G with noise from `random`, judged by the classifier (the finest image of a multi-scale G). */
export function judgeGenerator(
  generator: tf.LayersModel,
  embedding: tf.LayersModel | undefined,
  count: number,
  range: readonly [number, number],
  random: Random,
): Judged {
  const latent = generator.inputs[0]!.shape.at(-1)!;
  return judgeImages(embedding, count, (_, size) => {
    const output = generator.predict(tf.randomNormal([size, latent], 0, 1, 'float32', random.uint32())) as
      tf.Tensor4D | tf.Tensor4D[];
    return imagesForMetrics(finestImage(output), range);
  });
}
