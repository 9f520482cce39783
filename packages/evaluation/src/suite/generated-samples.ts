import * as tf from '@tensorflow/tfjs';
import { Random } from '@granular/core';
import { imagesForClassifier } from './classifier-input.ts';
import { judgeImages, type Judged } from './metric-suite.ts';

/** `count` samples of G from a seeded stream, judged by the classifier (the finest image of a multi-scale G). */
export function judgeGenerator(generator: tf.LayersModel, embedding: tf.LayersModel, count: number, range: readonly [number, number], seed: number): Judged {
  const latent = generator.inputs[0]!.shape.at(-1)!;
  const random = Random.derive(seed, 'metrics:z');
  return judgeImages(embedding, count, (_, size) => {
    const output = generator.predict(tf.randomNormal([size, latent], 0, 1, 'float32', random.uint32())) as tf.Tensor4D | tf.Tensor4D[];
    return imagesForClassifier(Array.isArray(output) ? output[0]! : output, range);
  });
}
