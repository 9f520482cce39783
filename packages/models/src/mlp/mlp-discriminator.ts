import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { imageShapeParam } from '../layers/image-shape.ts';
import { classesParam, conditionParam, discriminatorHead } from '../layers/class-conditioning.ts';
import { discriminatorLayers, spectralNormParam } from '../layers/discriminator-layers.ts';

type Node = tf.SymbolicTensor;
import { hiddenInitParam, SeededInitializers } from '../layers/seeded-initializers.ts';
import { hiddenActivation, hiddenActivationParam, secondOrderProblem } from '../layers/hidden-activation.ts';

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
      spectral_norm: spectralNormParam,
      classes: classesParam,
      condition: conditionParam,
    },
    { additionalProperties: false },
  ),
  input: 'Batch',
  secondOrder: (params) => secondOrderProblem(params.activation),
  create: (params, context) => {
    const init = new SeededInitializers(context.random());
    const image = tf.input({ shape: params.shape, name: 'image' });
    let x = tf.layers.flatten().apply(image) as Node;
    const hidden = discriminatorLayers(params.spectral_norm, init, () => init.hidden(params.init));
    for (const units of params.hidden) {
      x = hidden.dense({ units }).apply(x) as Node;
      x = hiddenActivation(params.activation, true).apply(x) as Node;
    }
    const head = discriminatorLayers(params.spectral_norm, init, () => init.glorot());
    const { outputs, label } = discriminatorHead(x, { ...params, dense: head.dense, init });
    return tf.model({ inputs: label ? [image, label] : image, outputs, name: 'discriminator' });
  },
});
