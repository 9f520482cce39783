import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { ConvLeaky } from '../layers/conv-leaky.ts';
import { MeanDownsample } from '../layers/custom-layers.ts';
import { imageShapeParam } from '../layers/image-shape.ts';
import { SeededInitializers } from '../layers/seeded-initializers.ts';

type Node = tf.SymbolicTensor;

/**
 * pix2pixHD's multi-scale discriminator (Wang et al. 2018): `count` identical PatchGAN
 * discriminators, the k-th judging the image average-pooled k times. Each outputs a map of
 * patch logits; the train stages average the loss over them (optionally weighted per scale).
 * Outputs finest first.
 */
export const patchDiscriminator = defineModel({
  name: 'multiscale/patch-discriminator',
  summary: 'pix2pixHD multi-scale D: count PatchGANs, each on a 2× smaller copy of the image; patch logits per scale',
  params: Type.Object(
    {
      shape: imageShapeParam,
      count: Type.Integer({ minimum: 1, maximum: 5, default: 3, description: 'discriminators (scales)' }),
      filters: Type.Integer({
        minimum: 1,
        maximum: 8192,
        default: 32,
        description: 'filters of the first convolution (doubling per layer)',
      }),
      layers: Type.Integer({ minimum: 1, maximum: 5, default: 2, description: 'stride-2 convolutions per PatchGAN' }),
      kernel: Type.Integer({ minimum: 1, maximum: 31, default: 4, description: 'kernel size' }),
    },
    { additionalProperties: false },
  ),
  input: 'Batch',
  secondOrder: () => undefined,
  create: (params, context) => {
    const init = new SeededInitializers(context.random());
    const image = tf.input({ shape: params.shape, name: 'image' });
    const outputs: Node[] = [];
    let scaled: Node = image;
    for (let k = 0; k < params.count; k++) {
      if (k > 0) scaled = new MeanDownsample().apply(scaled) as Node;
      let x = scaled;
      for (let layer = 0; layer < params.layers; layer++) {
        x = new ConvLeaky({
          filters: params.filters * 2 ** layer,
          kernelSize: params.kernel,
          strides: 2,
          padding: 'same',
          kernelInitializer: init.glorot(),
        }).apply(x) as Node;
      }
      outputs.push(
        tf.layers
          .conv2d({
            filters: 1,
            kernelSize: params.kernel,
            padding: 'same',
            kernelInitializer: init.glorot(),
            name: `patches_${k}`,
          })
          .apply(x) as Node,
      );
    }
    return tf.model({ inputs: image, outputs, name: 'discriminator' });
  },
});
