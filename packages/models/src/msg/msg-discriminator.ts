import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { MeanDownsample, MinibatchStdDev } from '../layers/custom-layers.ts';
import { attentionParam } from '../layers/image-shape.ts';
import { attentionSecondOrderProblem } from '../layers/hidden-activation.ts';
import { blockParam, checkScales, filtersParam, scalesParam } from '../layers/multi-scale-params.ts';
import { SeededInitializers } from '../layers/seeded-initializers.ts';
import { SelfAttention } from '../layers/self-attention.ts';
import { classesParam, conditionParam, discriminatorHead } from '../layers/class-conditioning.ts';
import { discriminatorLayers, spectralNormParam } from '../layers/discriminator-layers.ts';

type Node = tf.SymbolicTensor;

/**
 * MSG-GAN discriminator: starts from the finest image; after each downsampling block it
 * takes in the image of the next coarser scale, joined to its features by `combine`
 * (Karnewar and Wang's φ): `simple` concatenates the image, `lin_cat` concatenates a 1×1
 * projection of it, `cat_lin` concatenates then projects. Inputs are finest first.
 * Blocks (as the generator's): `progan` two 3×3 convolutions and a 2×2 mean per scale;
 * `dcgan` one 5×5 stride-2 convolution with leaky ReLU per scale, N(0, 0.02) init.
 * Class-conditional by projection or an auxiliary classifier (`classes:`, `condition:`).
 */
export const msgDiscriminator = defineModel({
  name: 'msg/discriminator',
  summary:
    'MSG-GAN discriminator: judges every scale at once (inputs finest first), joined by simple, lin_cat or cat_lin',
  params: Type.Object(
    {
      scales: scalesParam,
      filters: filtersParam,
      channels: Type.Integer({ minimum: 1, maximum: 4, default: 1, description: 'image channels' }),
      combine: Type.Union([Type.Literal('simple'), Type.Literal('lin_cat'), Type.Literal('cat_lin')], {
        default: 'lin_cat',
        description: 'how each scale joins the features',
      }),
      block: blockParam,
      minibatch_stddev: Type.Boolean({
        default: true,
        description: 'minibatch standard deviation before the last block (ProGAN)',
      }),
      attention_at: attentionParam,
      spectral_norm: spectralNormParam,
      classes: classesParam,
      condition: conditionParam,
    },
    { additionalProperties: false },
  ),
  input: 'Pyramid',
  secondOrder: (params) => attentionSecondOrderProblem(params.attention_at),
  create: (params, context) => {
    checkScales(params.scales, params.filters);
    const init = new SeededInitializers(context.random());
    const dcgan = params.block === 'dcgan';
    const finestFirst = [...params.scales].reverse();
    const filters = [...params.filters].reverse();
    const inputs = finestFirst.map((size) => tf.input({ shape: [size, size, params.channels], name: `image_${size}` }));
    const layers = discriminatorLayers(params.spectral_norm, init, () => (dcgan ? init.dcgan() : init.glorot()));
    const project = (image: Node, width: number) => layers.convLeaky({ filters: width, kernelSize: 1 })(image);
    const downsampleStrided = (input: Node, width: number) =>
      layers.convLeaky({ filters: width, kernelSize: 5, strides: 2, padding: 'same' })(input);
    const convLeaky = (input: Node, width: number) =>
      layers.convLeaky({ filters: width, kernelSize: 3, padding: 'same' })(input);

    // DCGAN's D convolves the image itself; ProGAN's first projects it to features (fromRGB).
    let x = dcgan ? inputs[0]! : project(inputs[0]!, filters[0]!);
    finestFirst.forEach((size, i) => {
      if (i > 0) {
        const image = inputs[i]!;
        if (params.combine === 'simple') x = tf.layers.concatenate().apply([x, image]) as Node;
        else if (params.combine === 'lin_cat')
          x = tf.layers.concatenate().apply([x, project(image, Math.max(1, filters[i]! / 2))]) as Node;
        else x = project(tf.layers.concatenate().apply([x, image]) as Node, filters[i]!);
      }
      if (i === finestFirst.length - 1) {
        if (params.minibatch_stddev) x = new MinibatchStdDev().apply(x) as Node;
        if (dcgan) return; // DCGAN's D ends in the dense logit straight after its last stride-2 convolution
        x = convLeaky(x, filters[i]!);
        x = layers.convLeaky({ filters: filters[i]!, kernelSize: size, padding: 'valid' })(x);
        return;
      }
      if (dcgan) {
        if (params.attention_at.includes(size)) x = new SelfAttention({ seed: init.seed() }).apply(x) as Node;
        x = downsampleStrided(x, filters[i + 1]!);
        return;
      }
      x = convLeaky(x, filters[i]!);
      x = convLeaky(x, filters[i + 1]!);
      if (params.attention_at.includes(size)) x = new SelfAttention({ seed: init.seed() }).apply(x) as Node;
      x = new MeanDownsample().apply(x) as Node;
    });
    const features = tf.layers.flatten().apply(x) as Node;
    const { outputs, label } = discriminatorHead(features, { ...params, dense: layers.dense, init });
    return tf.model({ inputs: label ? [...inputs, label] : inputs, outputs, name: 'discriminator' });
  },
});
