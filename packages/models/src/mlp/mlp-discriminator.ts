import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { imageShapeParam } from '../layers/image-shape.ts';
import { hiddenInitParam, SeededInitializers } from '../layers/seeded-initializers.ts';
import { addHiddenActivation, hiddenActivationParam, secondOrderProblem } from '../layers/hidden-activation.ts';

/**
 * The origin's discriminator: image → flatten → 4 × Dense(128, relu) → Dense(1). It outputs a
 * logit, not a probability: the losses apply the sigmoid themselves, stably (log-sum-exp).
 */
export const mlpDiscriminator = defineModel({
  name: 'mlp/discriminator',
  summary: "The origin's MLP discriminator: image → dense layers → one logit",
  params: Type.Object(
    {
      hidden: Type.Array(Type.Integer({ minimum: 1, maximum: 65536 }), {
        maxItems: 64,
        default: [128, 128, 128, 128],
        description: 'widths of the hidden dense layers',
      }),
      activation: hiddenActivationParam,
      init: hiddenInitParam,
      shape: imageShapeParam,
    },
    { additionalProperties: false },
  ),
  input: 'Batch',
  secondOrder: (params) => secondOrderProblem(params.activation),
  create: (params, context) => {
    const init = new SeededInitializers(context.random());
    const model = tf.sequential({ name: 'discriminator' });
    model.add(tf.layers.flatten({ inputShape: params.shape }));
    for (const units of params.hidden) {
      model.add(tf.layers.dense({ units, kernelInitializer: init.hidden(params.init) }));
      addHiddenActivation(model, params.activation, true);
    }
    model.add(tf.layers.dense({ units: 1, kernelInitializer: init.glorot() }));
    return model;
  },
});
