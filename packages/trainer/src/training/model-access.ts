import * as tf from '@tensorflow/tfjs';
import { UserError, type StageContext } from '@granular/core';

/** The pipeline model `name` as a tfjs LayersModel, with its trainable variables. */
export function layersModel(context: StageContext, name: string): { model: tf.LayersModel; variables: tf.Variable[] } {
  const model = context.model<tf.LayersModel>(name);
  if (!(model instanceof tf.LayersModel))
    throw new UserError(
      `model '${name}' is not a tfjs LayersModel`,
      'train stages train models made with defineModel returning tf.LayersModel',
    );
  const variables = model.trainableWeights.map((weight) => (weight as unknown as { val: tf.Variable }).val);
  return { model, variables };
}

/** The size of z a generator takes. */
export function latentSize(generator: tf.LayersModel): number {
  const shape = generator.inputs[0]!.shape;
  return shape[shape.length - 1]!;
}

/** Refuses, with both shapes, images that the discriminator's input `index` cannot take (28×28 data into a 32×32 model). */
export function requireImageShape(
  discriminator: tf.LayersModel,
  name: string,
  images: tf.Tensor4D,
  dataHint: string,
  index = 0,
): void {
  const input = discriminator.inputs[index];
  if (!input)
    throw new UserError(
      `model '${name}' takes ${discriminator.inputs.length} image input(s), but the data gives more scales`,
      'match the pyramid scales to the discriminator scales',
    );
  const expected = input.shape.slice(1);
  const actual = images.shape.slice(1);
  if (expected.some((size, i) => size !== null && size !== actual[i])) {
    throw new UserError(
      `model '${name}' takes images of ${expected.join('×')}, but the batches are ${actual.join('×')}`,
      dataHint,
    );
  }
}
