import * as tf from '@tensorflow/tfjs';

/**
 * A convolution layer's whole forward pass, leaky(conv(x, filter) + bias, α): the block every
 * Granular discriminator and ProGAN-style generator is built from.
 *
 * Where a backend has the kernel (tfjs-node with TensorFlow's oneDNN fused convolution,
 * native-kernels/fused-conv-bias-leaky.ts) it is one call whose bias add and leaky ReLU happen
 * in the convolution's own output loop: two passes over the output fewer per layer, the same
 * values. Everywhere else (wasm, cpu, webgl, a browser) it is the composed form, the very ops
 * a tfjs conv2d layer followed by a leaky ReLU layer runs. No Node modules here: exported
 * pages load models built from it.
 */
export const CONV_BIAS_LEAKY_KERNEL = 'GranularConv2DBiasLeaky';

export interface ConvBiasLeakyAttrs {
  strides: [number, number];
  pad: 'same' | 'valid';
  alpha: number;
}

export function convBiasLeaky(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  { strides, pad, alpha }: ConvBiasLeakyAttrs,
): tf.Tensor4D {
  const float = x.dtype === 'float32' && filter.dtype === 'float32' && bias.dtype === 'float32';
  // The kernel's gradient reads the leaky ReLU's mask off its output, which takes α ≥ 0.
  if (float && alpha >= 0 && tf.getKernel(CONV_BIAS_LEAKY_KERNEL, tf.getBackend()))
    return tf.engine().runKernel(CONV_BIAS_LEAKY_KERNEL, { x, filter, bias }, { strides, pad, alpha }) as tf.Tensor4D;
  // tfjs-layers' Conv2D runs tf.fused.conv2d, so this is what the two layers ran (and, under a tape, gradients/prunable-fused-ops.ts's unfused form).
  return tf.tidy(() => tf.leakyRelu(tf.fused.conv2d({ x, filter, strides, pad, bias }), alpha));
}
