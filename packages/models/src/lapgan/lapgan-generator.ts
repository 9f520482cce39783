import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineModel } from '@granular/core';
import { convLeaky, projectLatent, toImage } from '../layers/conv-block.ts';
import { NearestUpsample } from '../layers/custom-layers.ts';
import { checkScales, multiScaleGeneratorParams } from '../layers/multi-scale-params.ts';
import { SeededInitializers } from '../layers/seeded-initializers.ts';

type Node = tf.SymbolicTensor;

/**
 * LAPGAN's coarse-to-fine generator (Denton et al. 2015), in one network: the coarsest image
 * comes from z; each finer level upsamples the image so far and adds a generated residual
 * (the Laplacian band), conditioned on the upsampled features. Outputs every level's image,
 * finest first, so a multi-scale discriminator can judge each.
 */
export const lapganGenerator = defineModel({
  name: 'lapgan/generator',
  summary: 'LAPGAN generator: coarse image from z, then at each finer scale upsample and add a generated residual',
  params: Type.Object(
    {
      ...multiScaleGeneratorParams,
    },
    { additionalProperties: false },
  ),
  create: (params, context) => {
    checkScales(params.scales, params.filters);
    const init = new SeededInitializers(context.random());
    const z = tf.input({ shape: [params.latent], name: 'z' });
    const start = params.scales[0]!;
    let features = projectLatent(z, start, params.filters[0]!, init);
    features = convLeaky(features, params.filters[0]!, 3, init);
    let image = toImage(features, params.channels, init);
    const outputs: Node[] = [image];
    for (let i = 1; i < params.scales.length; i++) {
      features = convLeaky(new NearestUpsample().apply(features) as Node, params.filters[i]!, 3, init);
      features = convLeaky(features, params.filters[i]!, 3, init);
      const residual = toImage(features, params.channels, init, 'linear');
      image = tf.layers.add().apply([new NearestUpsample().apply(image) as Node, residual]) as Node;
      outputs.unshift(image);
    }
    return tf.model({ inputs: z, outputs, name: 'generator' });
  },
});
