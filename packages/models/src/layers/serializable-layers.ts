/**
 * Every layer class Granular's models save, registered for tf.loadLayersModel by importing
 * this module. It depends on @tensorflow/tfjs only (no Node modules), so an exported page
 * bundles it to load a trained generator in the browser.
 */
export { NearestUpsample, MeanDownsample, LeakyReLU, PixelNorm, MinibatchStdDev } from './custom-layers.ts';
export { SelfAttention } from './self-attention.ts';
export { ClassAffine, ClassEmbedding } from './class-layers.ts';
export { SpectralConv2D, SpectralDense } from './spectral-norm.ts';
export { ConvLeaky } from './conv-leaky.ts';
