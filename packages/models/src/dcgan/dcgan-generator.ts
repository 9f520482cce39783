import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { attentionParam, outputActivationParam } from '../layers/image-shape.ts';
import { SelfAttention } from '../layers/self-attention.ts';
import { BatchNormalization } from '../layers/batch-normalization.ts';
import { SeededInitializers } from '../layers/seeded-initializers.ts';

/**
 * DCGAN generator (Radford et al. 2016): z → Dense(s·s·f·2^(n-1)) → reshape → n transposed
 * convolutions (stride 2, halving the filters), batch norm and ReLU between, tanh out.
 * The defaults make 28×28×1 from a 7×7 start (two upsamplings): 7·7·128 → 64 → 1.
 */
export const dcganGenerator = defineModel({
  name: 'dcgan/generator',
  summary: 'DCGAN generator: dense projection, then stride-2 transposed convolutions up to the image size',
  params: Type.Object(
    {
      latent: Type.Integer({ minimum: 1, maximum: 65536, default: 100, description: 'size of z' }),
      start: Type.Integer({ minimum: 1, maximum: 256, default: 7, description: 'side of the first feature map' }),
      upsamplings: Type.Integer({
        minimum: 1,
        maximum: 6,
        default: 2,
        description: 'stride-2 layers; image side = start · 2^upsamplings',
      }),
      filters: Type.Integer({
        minimum: 1,
        maximum: 8192,
        default: 64,
        description: 'filters of the last hidden layer (doubling towards the start)',
      }),
      kernel: Type.Integer({ minimum: 1, maximum: 31, default: 5, description: 'kernel size' }),
      channels: Type.Integer({ minimum: 1, maximum: 4, default: 1, description: 'image channels' }),
      batch_norm: Type.Boolean({ default: false, description: 'batch normalization after each hidden layer' }),
      attention_at: attentionParam,
      output: outputActivationParam,
    },
    { additionalProperties: false },
  ),
  create: (params, context) => {
    const init = new SeededInitializers(context.random());
    const widest = params.filters * 2 ** (params.upsamplings - 1);
    const model = tf.sequential({ name: 'generator' });
    model.add(
      tf.layers.dense({
        inputShape: [params.latent],
        units: params.start * params.start * widest,
        useBias: !params.batch_norm,
        kernelInitializer: init.dcgan(),
      }),
    );
    if (params.batch_norm) model.add(new BatchNormalization({}));
    model.add(tf.layers.reLU());
    model.add(tf.layers.reshape({ targetShape: [params.start, params.start, widest] }));
    for (let i = 1; i < params.upsamplings; i++) {
      model.add(
        tf.layers.conv2dTranspose({
          filters: widest / 2 ** i,
          kernelSize: params.kernel,
          strides: 2,
          padding: 'same',
          useBias: !params.batch_norm,
          kernelInitializer: init.dcgan(),
        }),
      );
      if (params.batch_norm) model.add(new BatchNormalization({}));
      model.add(tf.layers.reLU());
      if (params.attention_at.includes(params.start * 2 ** i)) model.add(new SelfAttention({ seed: init.seed() }));
    }
    model.add(
      tf.layers.conv2dTranspose({
        filters: params.channels,
        kernelSize: params.kernel,
        strides: 2,
        padding: 'same',
        activation: params.output,
        kernelInitializer: init.dcgan(),
      }),
    );
    return model;
  },
});
