import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import type { SeededInitializers } from './seeded-initializers.ts';
import { SpectralConv2D, SpectralDense } from './spectral-norm.ts';

export const spectralNormParam = Type.Boolean({
  default: false,
  description:
    "spectral normalization of every dense and convolution layer's weight (Miyato et al. 2018; SNGAN): one power iteration per training pass",
});

type Initializer = ReturnType<SeededInitializers['glorot']>;

/** The dense and convolution layers a discriminator is built from: tfjs's, or spectrally normalized ones. */
export interface DiscriminatorLayers {
  dense(config: { units: number; name?: string }): tf.layers.Layer;
  conv(config: { filters: number; kernelSize: number; strides?: number; padding?: 'same' | 'valid' }): tf.layers.Layer;
}

/** Layers initialized by `initializer` (drawn from the model's seeded stream), spectrally normalized when asked. */
export function discriminatorLayers(
  spectral: boolean,
  init: SeededInitializers,
  initializer: () => Initializer,
): DiscriminatorLayers {
  if (!spectral)
    return {
      dense: (config) => tf.layers.dense({ ...config, kernelInitializer: initializer() }),
      conv: (config) => tf.layers.conv2d({ ...config, kernelInitializer: initializer() }),
    };
  return {
    dense: (config) => new SpectralDense({ ...config, kernelInitializer: initializer(), seed: init.seed() }),
    conv: (config) => new SpectralConv2D({ ...config, kernelInitializer: initializer(), seed: init.seed() }),
  };
}
