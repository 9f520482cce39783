import * as tf from '@tensorflow/tfjs';
import { ConvLeaky } from './conv-leaky.ts';
import { PixelNorm } from './custom-layers.ts';
import type { SeededInitializers } from './seeded-initializers.ts';

type Node = tf.SymbolicTensor;

/** k×k convolution ('same') and leaky ReLU (0.2, second-order safe) as one layer, and pixel norm when asked. */
export function convLeaky(
  input: Node,
  filters: number,
  kernel: number,
  init: SeededInitializers,
  pixelNorm = false,
): Node {
  const x = new ConvLeaky({ filters, kernelSize: kernel, padding: 'same', kernelInitializer: init.glorot() }).apply(
    input,
  ) as Node;
  return pixelNorm ? (new PixelNorm().apply(x) as Node) : x;
}

/** The 1×1 convolution from features to image channels (MSG-GAN's toRGB), tanh for [-1, 1] data. */
export function toImage(
  input: Node,
  channels: number,
  init: SeededInitializers,
  activation: 'tanh' | 'linear' = 'tanh',
): Node {
  return tf.layers
    .conv2d({ filters: channels, kernelSize: 1, activation, kernelInitializer: init.glorot() })
    .apply(input) as Node;
}

/** z → a start × start × filters feature map: the dense projection every multi-scale generator begins with. */
export function projectLatent(z: Node, start: number, filters: number, init: SeededInitializers): Node {
  const dense = tf.layers.dense({ units: start * start * filters, kernelInitializer: init.glorot() }).apply(z) as Node;
  return tf.layers.reshape({ targetShape: [start, start, filters] }).apply(dense) as Node;
}
