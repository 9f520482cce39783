import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { convLeaky, projectLatent, toImage } from '../layers/conv-block.ts';
import { batchNorm, classEmbeddingParam, classesParam, generatorStart } from '../layers/class-conditioning.ts';
import { NearestUpsample } from '../layers/custom-layers.ts';
import { attentionParam } from '../layers/image-shape.ts';
import { blockParam, checkScales, multiScaleGeneratorParams } from '../layers/multi-scale-params.ts';
import { SeededInitializers } from '../layers/seeded-initializers.ts';
import { SelfAttention } from '../layers/self-attention.ts';

/**
 * MSG-GAN generator (Karnewar and Wang, CVPR 2020): z → 4×4 features, then per scale an
 * upsampling block; after every block a 1×1 convolution emits the image at that scale, so the
 * discriminator can judge all scales at once and gradients reach every block directly.
 * Outputs are ordered finest first, like Granular's pyramids.
 *
 * Blocks: `progan` (the paper's: nearest 2× upsampling and two 3×3 convolutions with leaky ReLU
 * and pixel norm, Glorot init) or `dcgan` (one 5×5 stride-2 transposed convolution with batch
 * norm and ReLU, N(0, 0.02) init, as Radford et al.). The multi-scale idea is the outputs and
 * the D that reads them, not the block: `dcgan` blocks cost about what a DCGAN step costs,
 * where 3×3 convolutions over few channels at 32×32 run far below the CPU's peak.
 * Class-conditional (`classes:`): z joined to a class embedding, conditional batch norm in
 * `dcgan` blocks (`progan` blocks use pixel norm, which has no class to condition on).
 */
export const msgGenerator = defineModel({
  name: 'msg/generator',
  summary: 'MSG-GAN generator: an image at every scale (a 1×1 toRGB after each block), finest first',
  params: Type.Object(
    {
      ...multiScaleGeneratorParams,
      block: blockParam,
      pixel_norm: Type.Boolean({
        default: true,
        description: 'pixel norm after each convolution (ProGAN; progan blocks only)',
      }),
      attention_at: attentionParam,
      classes: classesParam,
      class_embedding: classEmbeddingParam,
    },
    { additionalProperties: false },
  ),
  create: (params, context) => {
    checkScales(params.scales, params.filters);
    const init = new SeededInitializers(context.random());
    const { inputs, start: conditioned, label } = generatorStart(params, init);
    const normalize = (x: tf.SymbolicTensor) => batchNorm(x, label, params.classes);
    const start = params.scales[0]!;
    const dcgan = params.block === 'dcgan';
    let x = dcgan
      ? projectLatentNormalized(conditioned, start, params.filters[0]!, init, normalize)
      : projectLatent(conditioned, start, params.filters[0]!, init);
    const outputs: tf.SymbolicTensor[] = [];
    params.scales.forEach((size, i) => {
      if (dcgan) {
        if (i > 0) x = upsampleTransposed(x, params.filters[i]!, init, normalize);
      } else {
        if (i > 0) x = new NearestUpsample().apply(x) as tf.SymbolicTensor;
        x = convLeaky(x, params.filters[i]!, 3, init, params.pixel_norm);
        x = convLeaky(x, params.filters[i]!, 3, init, params.pixel_norm);
      }
      if (params.attention_at.includes(size))
        x = new SelfAttention({ seed: init.seed() }).apply(x) as tf.SymbolicTensor;
      outputs.unshift(toImage(x, params.channels, init));
    });
    return tf.model({ inputs, outputs, name: 'generator' });
  },
});

/** DCGAN's start: z → dense (no bias: batch norm follows) → batch norm → ReLU → start × start × filters. */
function projectLatentNormalized(
  z: tf.SymbolicTensor,
  start: number,
  filters: number,
  init: SeededInitializers,
  normalize: (x: tf.SymbolicTensor) => tf.SymbolicTensor,
): tf.SymbolicTensor {
  let x = tf.layers
    .dense({ units: start * start * filters, useBias: false, kernelInitializer: init.dcgan() })
    .apply(z) as tf.SymbolicTensor;
  x = tf.layers.reLU().apply(normalize(x)) as tf.SymbolicTensor;
  return tf.layers.reshape({ targetShape: [start, start, filters] }).apply(x) as tf.SymbolicTensor;
}

/** DCGAN's block: a 5×5 stride-2 transposed convolution (twice the side), batch norm, ReLU. */
function upsampleTransposed(
  x: tf.SymbolicTensor,
  filters: number,
  init: SeededInitializers,
  normalize: (x: tf.SymbolicTensor) => tf.SymbolicTensor,
): tf.SymbolicTensor {
  const up = tf.layers
    .conv2dTranspose({
      filters,
      kernelSize: 5,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: init.dcgan(),
    })
    .apply(x) as tf.SymbolicTensor;
  return tf.layers.reLU().apply(normalize(up)) as tf.SymbolicTensor;
}
