import * as tf from '@tensorflow/tfjs';
import { Random, type StageContext } from '@granular/core';

/**
 * The latent batch of one step, z ~ N(0, I), drawn from a stream named after the stage and
 * the step. It depends on nothing but (seed, stage, step), so a resumed run draws exactly
 * what the uninterrupted run drew, and adding a stage changes no other stage's noise.
 */
export function stepNoise(context: StageContext, step: number, count: number, latent: number): tf.Tensor2D {
  const seed = Random.derive(context.run.seed, `${context.stage}:step:${step}`).uint32();
  return tf.randomNormal([count, latent], 0, 1, 'float32', seed);
}
