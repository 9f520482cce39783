import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { imageShapeParam, outputActivationParam } from '../layers/image-shape.ts';
import { BatchNormalization } from '../layers/batch-normalization.ts';
import { hiddenInitParam, SeededInitializers } from '../layers/seeded-initializers.ts';
import { addHiddenActivation, hiddenActivationParam } from '../layers/hidden-activation.ts';

/** The origin's generator: z(100) → 4 × Dense(128, relu) → Dense(h·w·c) → image. */
export const mlpGenerator = defineModel({
  name: 'mlp/generator',
  summary: "The origin's MLP generator: latent → dense layers → image (every width, depth and activation a parameter)",
  params: Type.Object(
    {
      latent: Type.Integer({ minimum: 1, maximum: 65536, default: 100, description: 'size of z' }),
      hidden: Type.Array(Type.Integer({ minimum: 1, maximum: 65536 }), {
        maxItems: 64,
        default: [128, 128, 128, 128],
        description: 'widths of the hidden dense layers',
      }),
      activation: hiddenActivationParam,
      init: hiddenInitParam,
      batch_norm: Type.Boolean({
        default: false,
        description: 'batch normalization before each hidden activation (keeps samples diverse)',
      }),
      shape: imageShapeParam,
      output: outputActivationParam,
    },
    { additionalProperties: false },
  ),
  create: (params, context) => {
    const init = new SeededInitializers(context.random());
    const [height, width, channels] = params.shape;
    const model = tf.sequential({ name: 'generator' });
    params.hidden.forEach((units, i) => {
      model.add(
        tf.layers.dense({
          units,
          kernelInitializer: init.hidden(params.init),
          ...(i === 0 ? { inputShape: [params.latent] } : {}),
        }),
      );
      if (params.batch_norm) model.add(new BatchNormalization({ momentum: 0.9 }));
      addHiddenActivation(model, params.activation);
    });
    model.add(
      tf.layers.dense({
        units: height * width * channels,
        activation: params.output,
        kernelInitializer: init.glorot(),
        ...(params.hidden.length === 0 ? { inputShape: [params.latent] } : {}),
      }),
    );
    model.add(tf.layers.reshape({ targetShape: [height, width, channels] }));
    return model;
  },
});
