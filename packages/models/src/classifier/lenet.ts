import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { MeanDownsample } from '../layers/custom-layers.ts';
import { imageShapeParam } from '../layers/image-shape.ts';
import { SeededInitializers } from '../layers/seeded-initializers.ts';

/**
 * A small LeNet-style classifier (LeCun et al. 1998): two 3×3 convolutions with ReLU, each
 * followed by 2×2 mean pooling, a dense layer named `features` (the embedding the evaluation
 * metrics compare), and the class logits. Granular trains it in-project, so evaluation needs
 * no downloaded Inception weights.
 */
export const lenet = defineModel({
  name: 'classifier/lenet',
  summary: 'A LeNet-style CNN classifier; its `features` layer is the embedding for FCD, KID and PRDC',
  params: Type.Object(
    {
      shape: imageShapeParam,
      classes: Type.Integer({ minimum: 2, default: 10, description: 'number of classes' }),
      filters: Type.Tuple([Type.Integer({ minimum: 1 }), Type.Integer({ minimum: 1 })], {
        default: [32, 64],
        description: 'filters of the two convolutions',
      }),
      features: Type.Integer({ minimum: 1, default: 128, description: 'size of the feature (embedding) layer' }),
    },
    { additionalProperties: false },
  ),
  create: (params, context) => {
    const init = new SeededInitializers(context.random());
    const model = tf.sequential({ name: 'classifier' });
    params.filters.forEach((filters, i) => {
      model.add(
        tf.layers.conv2d({
          ...(i === 0 ? { inputShape: params.shape } : {}),
          filters,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: init.glorot(),
        }),
      );
      model.add(new MeanDownsample());
    });
    model.add(tf.layers.flatten());
    model.add(
      tf.layers.dense({
        units: params.features,
        activation: 'relu',
        kernelInitializer: init.glorot(),
        name: 'features',
      }),
    );
    model.add(tf.layers.dense({ units: params.classes, kernelInitializer: init.glorot(), name: 'logits' }));
    return model;
  },
});
