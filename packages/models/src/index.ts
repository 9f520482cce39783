/**
 * @granular/models: generators and discriminators, registered by name for `models:` in a
 * pipeline. Each is a tf.LayersModel; discriminators output logits.
 */
import type { Contribution } from '@granular/core';
import { dcganDiscriminator } from './dcgan/dcgan-discriminator.ts';
import { dcganGenerator } from './dcgan/dcgan-generator.ts';
import { mlpDiscriminator } from './mlp/mlp-discriminator.ts';
import { mlpGenerator } from './mlp/mlp-generator.ts';
import { msgDiscriminator } from './msg/msg-discriminator.ts';
import { msgGenerator } from './msg/msg-generator.ts';
import { patchDiscriminator } from './multiscale/patch-discriminator.ts';
import { lapganGenerator } from './lapgan/lapgan-generator.ts';
import { lenet } from './classifier/lenet.ts';

export { SeededInitializers } from './layers/seeded-initializers.ts';
export { applyDiscriminator, finestImage, inputCount, toDiscriminatorInputs } from './io/multi-scale-io.ts';
export {
  balancedLabels,
  generate,
  hasClassHead,
  judge,
  modelClasses,
  takesLabels,
  type Judgement,
} from './io/conditioning.ts';
export { powerIteration, SpectralConv2D, SpectralDense } from './layers/spectral-norm.ts';
export { ClassAffine, ClassEmbedding } from './layers/class-layers.ts';
export { saveLayersModel, readModelArtifacts, directoryHandler, loadWeightsInto } from './io/layers-model-files.ts';
export { movingAverageOf, modelOrEma } from './io/moving-average.ts';
export { trainingExample } from './io/training-example.ts';
export { NearestUpsample, MeanDownsample, LeakyReLU, PixelNorm, MinibatchStdDev } from './layers/custom-layers.ts';
export { SelfAttention } from './layers/self-attention.ts';
export {
  mlpGenerator,
  mlpDiscriminator,
  dcganGenerator,
  dcganDiscriminator,
  msgGenerator,
  msgDiscriminator,
  patchDiscriminator,
  lapganGenerator,
  lenet,
};

export const contribution: Contribution = {
  models: [
    mlpGenerator,
    mlpDiscriminator,
    dcganGenerator,
    dcganDiscriminator,
    msgGenerator,
    msgDiscriminator,
    patchDiscriminator,
    lapganGenerator,
    lenet,
  ],
};
