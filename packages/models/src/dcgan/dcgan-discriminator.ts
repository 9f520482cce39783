import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { imageShapeParam } from '../layers/image-shape.ts';
import { BatchNormalization } from '../layers/batch-normalization.ts';
import { SeededInitializers } from '../layers/seeded-initializers.ts';
import { LeakyReLU } from '../layers/custom-layers.ts';
import { SelfAttention } from '../layers/self-attention.ts';
import { attentionParam } from '../layers/image-shape.ts';
import { attentionSecondOrderProblem } from '../layers/hidden-activation.ts';
import { classesParam, conditionParam, discriminatorHead } from '../layers/class-conditioning.ts';
import { discriminatorLayers, spectralNormParam } from '../layers/discriminator-layers.ts';

type Node = tf.SymbolicTensor;

/**
 * DCGAN discriminator: n stride-2 convolutions (doubling the filters), leaky ReLU (slope
 * 0.2), optional batch norm, then one dense logit. Defaults: 28×28×1 → 64 → 128 → 1.
 */
export const dcganDiscriminator = defineModel({
  name: 'dcgan/discriminator',
  summary: 'DCGAN discriminator: stride-2 convolutions with leaky ReLU, then one logit',
  params: Type.Object(
    {
      shape: imageShapeParam,
      downsamplings: Type.Integer({ minimum: 1, maximum: 6, default: 2, description: 'stride-2 convolutions' }),
      filters: Type.Integer({
        minimum: 1,
        maximum: 8192,
        default: 64,
        description: 'filters of the first convolution (doubling after)',
      }),
      kernel: Type.Integer({ minimum: 1, maximum: 31, default: 5, description: 'kernel size' }),
      slope: Type.Number({ minimum: 0, maximum: 1, default: 0.2, description: 'leaky ReLU slope' }),
      batch_norm: Type.Boolean({
        default: false,
        description: 'batch normalization after each convolution but the first',
      }),
      attention_at: attentionParam,
      spectral_norm: spectralNormParam,
      classes: classesParam,
      condition: conditionParam,
    },
    { additionalProperties: false },
  ),
  input: 'Batch',
  secondOrder: (params) =>
    params.batch_norm
      ? 'batch normalization mixes the examples of a batch, which makes per-example gradient penalties meaningless (set batch_norm: false)'
      : attentionSecondOrderProblem(params.attention_at),
  create: (params, context) => {
    const init = new SeededInitializers(context.random());
    const layers = discriminatorLayers(params.spectral_norm, init, () => init.dcgan());
    const image = tf.input({ shape: params.shape, name: 'image' });
    let x: Node = image;
    for (let i = 0; i < params.downsamplings; i++) {
      const conv = {
        filters: params.filters * 2 ** i,
        kernelSize: params.kernel,
        strides: 2,
        padding: 'same' as const,
      };
      if (params.batch_norm && i > 0) {
        x = new BatchNormalization({}).apply(layers.conv(conv).apply(x)) as Node;
        x = new LeakyReLU({ alpha: params.slope }).apply(x) as Node;
      } else x = layers.convLeaky(conv, params.slope)(x);
      if (params.attention_at.includes(params.shape[0] / 2 ** (i + 1)))
        x = new SelfAttention({ seed: init.seed() }).apply(x) as Node;
    }
    const features = tf.layers.flatten().apply(x) as Node;
    const { outputs, label } = discriminatorHead(features, { ...params, dense: layers.dense, init });
    return tf.model({ inputs: label ? [image, label] : image, outputs, name: 'discriminator' });
  },
});
