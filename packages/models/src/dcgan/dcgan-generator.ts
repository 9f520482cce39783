import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { attentionParam, outputActivationParam } from '../layers/image-shape.ts';
import { SelfAttention } from '../layers/self-attention.ts';
import { batchNorm, classEmbeddingParam, classesParam, generatorStart } from '../layers/class-conditioning.ts';
import { SeededInitializers } from '../layers/seeded-initializers.ts';

type Node = tf.SymbolicTensor;

/**
 * DCGAN generator (Radford et al. 2016): z → Dense(s·s·f·2^(n-1)) → reshape → n transposed
 * convolutions (stride 2, halving the filters), batch norm and ReLU between, tanh out.
 * The defaults make 28×28×1 from a 7×7 start (two upsamplings): 7·7·128 → 64 → 1.
 * Class-conditional (`classes:`): z joined to a class embedding, and conditional batch norm.
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
      classes: classesParam,
      class_embedding: classEmbeddingParam,
    },
    { additionalProperties: false },
  ),
  create: (params, context) => {
    const init = new SeededInitializers(context.random());
    const widest = params.filters * 2 ** (params.upsamplings - 1);
    const { inputs, start, label } = generatorStart(params, init);
    const normalize = (x: Node) => (params.batch_norm ? batchNorm(x, label, params.classes) : x);
    let x: Node = start;
    x = tf.layers
      .dense({
        units: params.start * params.start * widest,
        useBias: !params.batch_norm,
        kernelInitializer: init.dcgan(),
      })
      .apply(x) as Node;
    x = tf.layers.reLU().apply(normalize(x)) as Node;
    x = tf.layers.reshape({ targetShape: [params.start, params.start, widest] }).apply(x) as Node;
    for (let i = 1; i < params.upsamplings; i++) {
      x = tf.layers
        .conv2dTranspose({
          filters: widest / 2 ** i,
          kernelSize: params.kernel,
          strides: 2,
          padding: 'same',
          useBias: !params.batch_norm,
          kernelInitializer: init.dcgan(),
        })
        .apply(x) as Node;
      x = tf.layers.reLU().apply(normalize(x)) as Node;
      if (params.attention_at.includes(params.start * 2 ** i))
        x = new SelfAttention({ seed: init.seed() }).apply(x) as Node;
    }
    const image = tf.layers
      .conv2dTranspose({
        filters: params.channels,
        kernelSize: params.kernel,
        strides: 2,
        padding: 'same',
        activation: params.output,
        kernelInitializer: init.dcgan(),
      })
      .apply(x) as Node;
    return tf.model({ inputs, outputs: image, name: 'generator' });
  },
});
