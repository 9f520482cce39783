import * as tf from '@tensorflow/tfjs';
import { UserError } from '@granular/core';
import { LABEL_INPUT } from '../layers/class-conditioning.ts';
import { judge } from './conditioning.ts';

// How generators' and discriminators' inputs and outputs fit together, one scale or several:
// what training and evaluation both need of a model.

/** How many image inputs a discriminator takes (one per scale for MSG-GAN's; a projection D's labels are not one). */
export function inputCount(model: tf.LayersModel): number {
  return model.inputNames.filter((name) => name !== LABEL_INPUT).length;
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

/**
 * D's real/fake scores of its inputs (one per scale), always as a list (one per patch scale
 * for pix2pixHD's); a conditional D also reads the labels. See `judge` for the class logits.
 */
export function applyDiscriminator(
  model: tf.LayersModel,
  inputs: tf.Tensor[],
  training: boolean,
  labels?: tf.Tensor,
): tf.Tensor[] {
  return judge(model, inputs, labels, training).scores;
}
