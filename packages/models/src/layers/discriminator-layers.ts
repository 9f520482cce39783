import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { ConvLeaky } from './conv-leaky.ts';
import { LeakyReLU } from './custom-layers.ts';
import type { SeededInitializers } from './seeded-initializers.ts';
import { SpectralConv2D, SpectralDense } from './spectral-norm.ts';

export const spectralNormParam = Type.Boolean({
  default: false,
  description:
    "spectral normalization of every dense and convolution layer's weight (Miyato et al. 2018; SNGAN): one power iteration per training pass",
});

type Initializer = ReturnType<SeededInitializers['glorot']>;

type ConvConfig = { filters: number; kernelSize: number; strides?: number; padding?: 'same' | 'valid' };

/** The dense and convolution layers a discriminator is built from: tfjs's, or spectrally normalized ones. */
export interface DiscriminatorLayers {
  dense(config: { units: number; name?: string }): tf.layers.Layer;
  conv(config: ConvConfig): tf.layers.Layer;
  /** A convolution then leaky ReLU (slope `alpha`): one fused layer, or a spectrally normalized convolution and the activation. */
  convLeaky(config: ConvConfig, alpha?: number): (x: tf.SymbolicTensor) => tf.SymbolicTensor;
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
      convLeaky: (config, alpha = 0.2) => {
        const layer = new ConvLeaky({ ...config, alpha, kernelInitializer: initializer() });
        return (x) => layer.apply(x) as tf.SymbolicTensor;
      },
    };
  const conv = (config: ConvConfig) =>
    new SpectralConv2D({ ...config, kernelInitializer: initializer(), seed: init.seed() });
  return {
    dense: (config) => new SpectralDense({ ...config, kernelInitializer: initializer(), seed: init.seed() }),
    conv,
    convLeaky: (config, alpha = 0.2) => {
      const layer = conv(config);
      return (x) => new LeakyReLU({ alpha }).apply(layer.apply(x)) as tf.SymbolicTensor;
    },
  };
}
