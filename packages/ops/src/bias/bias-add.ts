import * as tf from '@tensorflow/tfjs';

/**
 * The bias add of a convolution or dense layer, x + b with b as long as x's last axis, and its
 * bias gradient (the sum of dy over every other axis).
 *
 * Under a gradient tape the layers' fused ops run unfused (prunable-fused-ops.ts) and their
 * bias add was tf.add: TensorFlow's broadcasting Add forward and a Sum over three axes
 * backward. Where Granular's TensorFlow kernels are loaded (native-kernels/) both
 * are one pass of their own, GranularBiasAdd and GranularBiasAddGrad (packages/ops/native/
 * bias.cc); elsewhere biasAdd is tf.add, as before.
 */
export const BIAS_ADD_KERNEL = 'GranularBiasAdd';
export const BIAS_ADD_GRAD_KERNEL = 'GranularBiasAddGrad';

export function biasAdd<T extends tf.Tensor>(x: T, bias: tf.Tensor): T {
  const fits = bias.rank === 1 && x.rank > 0 && bias.shape[0] === x.shape[x.rank - 1];
  if (fits && x.dtype === 'float32' && bias.dtype === 'float32' && tf.getKernel(BIAS_ADD_KERNEL, tf.getBackend()))
    return tf.engine().runKernel(BIAS_ADD_KERNEL, { x, bias }, {}) as T;
  return tf.add(x, bias);
}

/** The bias gradient of x + b: dy summed over every axis but the last, in one pass where the kernel is registered. */
export function biasGradient(dy: tf.Tensor): tf.Tensor {
  if (dy.dtype === 'float32' && tf.getKernel(BIAS_ADD_GRAD_KERNEL, tf.getBackend()))
    return tf.engine().runKernel(BIAS_ADD_GRAD_KERNEL, { dy }, {}) as tf.Tensor;
  return tf.sum(dy, [...Array(dy.rank - 1).keys()]);
}

let gradientsInstalled = false;

/** The kernels' gradients: dy for x and the bias gradient kernel for b; that kernel's own, dy's shape filled with the upstream vector. */
export function installBiasAddGradients(): void {
  if (gradientsInstalled) return;
  tf.registerGradient({
    kernelName: BIAS_ADD_KERNEL,
    gradFunc: (dy) => ({
      x: () => tf.clone(dy as tf.Tensor),
      bias: () => biasGradient(dy as tf.Tensor),
    }),
  });
  // Linear in dy: its adjoint spreads the upstream vector back over dy's shape.
  tf.registerGradient({
    kernelName: BIAS_ADD_GRAD_KERNEL,
    inputsToSave: ['dy'],
    gradFunc: (upstream, saved) => {
      const [dy] = saved as [tf.Tensor];
      return { dy: () => tf.broadcastTo(upstream as tf.Tensor, dy.shape) };
    },
  });
  gradientsInstalled = true;
}
