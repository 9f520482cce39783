import * as tf from '@tensorflow/tfjs';
import { UserError } from '@granular/core';
import { CLASS_EMBEDDING, CLASS_LOGITS, LABEL_INPUT } from '../layers/class-conditioning.ts';

// What training, evaluation and export need to know of a class-conditional model, read from
// the model itself (its `label` input, its `class_embedding` or `class_logits` layer), so that
// a model loaded from disk or a plugin's answers the same way as a built-in one.

/** Whether the model takes class labels as an input (a conditional G, a projection D). */
export function takesLabels(model: tf.LayersModel): boolean {
  return model.inputNames.includes(LABEL_INPUT);
}

/** Whether D has an auxiliary classifier head (ACGAN). */
export function hasClassHead(model: tf.LayersModel): boolean {
  return model.outputNames.includes(CLASS_LOGITS);
}

/** The number of classes a conditional model knows, or undefined for an unconditional one. */
export function modelClasses(model: tf.LayersModel): number | undefined {
  for (const layer of model.layers) {
    const config = layer.getConfig();
    if (layer.name === CLASS_EMBEDDING) return (config['classes'] ?? config['inputDim']) as number;
    if (layer.name === CLASS_LOGITS) return config['units'] as number;
  }
  return undefined;
}

/**
 * Class indices (from + i) mod classes for i < count: balanced labels for samples, the same
 * number of each class (one row per class in a grid); `from` continues a sequence in chunks.
 */
export function balancedLabels(count: number, classes: number, from = 0): tf.Tensor1D {
  return tf.tensor1d(
    Int32Array.from({ length: count }, (_, i) => (from + i) % classes),
    'int32',
  );
}

/** Labels as the float column [n, 1] a model's `label` input takes. */
function labelColumn(labels: tf.Tensor): tf.Tensor2D {
  return tf.reshape(tf.cast(labels, 'float32'), [-1, 1]);
}

/** G(z) or G(z, y): labels are required by a conditional G and ignored by an unconditional one. */
export function generate(
  generator: tf.LayersModel,
  z: tf.Tensor,
  labels: tf.Tensor | undefined,
  training: boolean,
): tf.Tensor | tf.Tensor[] {
  if (!takesLabels(generator)) return generator.apply(z, { training }) as tf.Tensor | tf.Tensor[];
  if (!labels)
    throw new UserError(
      'the generator is class-conditional, but no labels were given for its samples',
      'pass the classes to sample (this is a bug when it happens inside a Granular stage)',
    );
  return generator.apply([z, labelColumn(labels)], { training }) as tf.Tensor | tf.Tensor[];
}

/** What D says of its inputs: the real/fake scores (one per output scale) and, with an ACGAN head, class logits. */
export interface Judgement {
  scores: tf.Tensor[];
  classLogits?: tf.Tensor;
}

/** D applied to its image inputs (one per scale) and, for a projection D, their labels. */
export function judge(
  model: tf.LayersModel,
  images: tf.Tensor[],
  labels: tf.Tensor | undefined,
  training: boolean,
): Judgement {
  const inputs = takesLabels(model) ? [...images, labelColumn(requireLabels(labels))] : images;
  const applied = model.apply(inputs.length === 1 ? inputs[0]! : inputs, { training }) as tf.Tensor | tf.Tensor[];
  const outputs = Array.isArray(applied) ? applied : [applied];
  if (!hasClassHead(model)) return { scores: outputs };
  const head = model.outputNames.indexOf(CLASS_LOGITS);
  return { scores: outputs.filter((_, i) => i !== head), classLogits: outputs[head]! };
}

function requireLabels(labels: tf.Tensor | undefined): tf.Tensor {
  if (labels) return labels;
  throw new UserError(
    'the discriminator is class-conditional, but the images come without labels',
    'read a labelled data set (data/mnist, data/fashion-mnist, an image folder with one subfolder per class)',
  );
}
