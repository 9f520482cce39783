import * as tf from '@tensorflow/tfjs';
import { UserError } from '@granular/core';
import type { Batch, PyramidBatch } from '@granular/data';

/** The real images of a step as D's inputs: a pyramid's levels (finest first) or the one batch. */
export function realInputs(item: Batch | PyramidBatch): tf.Tensor4D[] {
  return 'levels' in item ? [...item.levels] : [item.images];
}

/** How many image inputs a discriminator takes (one per scale for MSG-GAN's). */
export function inputCount(model: tf.LayersModel): number {
  return model.inputs.length;
}

/**
 * G's output matched to D's inputs: a multi-scale G feeds a multi-scale D scale by scale;
 * a single-scale D judges a multi-scale G's finest image.
 */
export function toDiscriminatorInputs(
  generated: tf.Tensor | tf.Tensor[],
  wanted: number,
  names: { generator: string; discriminator: string },
): tf.Tensor[] {
  const images = Array.isArray(generated) ? generated : [generated];
  if (images.length === wanted) return images;
  if (wanted === 1) return [images[0]!];
  throw new UserError(
    `model '${names.generator}' makes ${images.length} image${images.length === 1 ? '' : 's'} per sample, but '${names.discriminator}' takes ${wanted} scales`,
    'pair a multi-scale discriminator with a multi-scale generator (msg/generator, lapgan/generator) of the same scales',
  );
}

/** The image of a generator's output: the output itself, or a multi-scale generator's finest. */
export function finestImage<T extends tf.Tensor>(output: T | T[]): T {
  return Array.isArray(output) ? output[0]! : output;
}

/** D applied to its inputs (one per scale), its outputs always as a list (one per patch scale for pix2pixHD's). */
export function applyDiscriminator(model: tf.LayersModel, inputs: tf.Tensor[], training: boolean): tf.Tensor[] {
  const outputs = model.apply(inputs.length === 1 ? inputs[0]! : inputs, { training }) as tf.Tensor | tf.Tensor[];
  return Array.isArray(outputs) ? outputs : [outputs];
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
