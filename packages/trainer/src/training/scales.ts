import * as tf from '@tensorflow/tfjs';
import { UserError } from '@granular/core';
import type { Batch, PyramidBatch } from '@granular/data';

/** The real images of a step as D's inputs: a pyramid's levels (finest first) or the one batch. */
export function realInputs(item: Batch | PyramidBatch): tf.Tensor4D[] {
  return 'levels' in item ? [...item.levels] : [item.images];
}

/** Σ wᵢ·lossᵢ / Σ wᵢ over D's outputs (equal weights unless given, one per output). */
export function weightedMean(losses: tf.Scalar[], weights: readonly number[]): tf.Scalar {
  if (weights.length > 0 && weights.length !== losses.length)
    throw new UserError(
      `scale_weights has ${weights.length} entries for ${losses.length} discriminator outputs`,
      'give one weight per output (per scale), finest first',
    );
  const w = weights.length > 0 ? weights : losses.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  return tf.tidy(() => tf.div(tf.addN(losses.map((loss, i) => tf.mul(w[i]!, loss))), total) as tf.Scalar);
}
