import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { convLeaky, projectLatent, toImage } from '../layers/conv-block.ts';
import { NearestUpsample } from '../layers/custom-layers.ts';
import { attentionParam } from '../layers/image-shape.ts';
import { checkScales, multiScaleGeneratorParams } from '../layers/multi-scale-params.ts';
import { SeededInitializers } from '../layers/seeded-initializers.ts';
import { SelfAttention } from '../layers/self-attention.ts';

/**
 * MSG-GAN generator (Karnewar and Wang, CVPR 2020): z → 4×4 features, then per scale an
 * upsampling block; after every block a 1×1 convolution emits the image at that scale, so the
 * discriminator can judge all scales at once and gradients reach every block directly.
 * Outputs are ordered finest first, like Granular's pyramids.
 */
export const msgGenerator = defineModel({
  name: 'msg/generator',
  summary: 'MSG-GAN generator: an image at every scale (a 1×1 toRGB after each block), finest first',
  params: Type.Object(
    {
      ...multiScaleGeneratorParams,
      pixel_norm: Type.Boolean({ default: true, description: 'pixel norm after each convolution (ProGAN)' }),
      attention_at: attentionParam,
    },
    { additionalProperties: false },
  ),
  create: (params, context) => {
    checkScales(params.scales, params.filters);
    const init = new SeededInitializers(context.random());
    const z = tf.input({ shape: [params.latent], name: 'z' });
    const start = params.scales[0]!;
    let x = projectLatent(z, start, params.filters[0]!, init);
    const outputs: tf.SymbolicTensor[] = [];
    params.scales.forEach((size, i) => {
      if (i > 0) x = new NearestUpsample().apply(x) as tf.SymbolicTensor;
      x = convLeaky(x, params.filters[i]!, 3, init, params.pixel_norm);
      x = convLeaky(x, params.filters[i]!, 3, init, params.pixel_norm);
      if (params.attention_at.includes(size)) x = new SelfAttention({ seed: init.seed() }).apply(x) as tf.SymbolicTensor;
      outputs.unshift(toImage(x, params.channels, init));
    });
    return tf.model({ inputs: z, outputs, name: 'generator' });
  },
});
