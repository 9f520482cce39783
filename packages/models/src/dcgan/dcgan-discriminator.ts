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
    const model = tf.sequential({ name: 'discriminator' });
    for (let i = 0; i < params.downsamplings; i++) {
      model.add(
        tf.layers.conv2d({
          ...(i === 0 ? { inputShape: params.shape } : {}),
          filters: params.filters * 2 ** i,
          kernelSize: params.kernel,
          strides: 2,
          padding: 'same',
          kernelInitializer: init.dcgan(),
        }),
      );
      if (params.batch_norm && i > 0) model.add(new BatchNormalization({}));
      model.add(new LeakyReLU({ alpha: params.slope }));
      if (params.attention_at.includes(params.shape[0] / 2 ** (i + 1)))
        model.add(new SelfAttention({ seed: init.seed() }));
    }
    model.add(tf.layers.flatten());
    model.add(tf.layers.dense({ units: 1, kernelInitializer: init.dcgan() }));
    return model;
  },
});
