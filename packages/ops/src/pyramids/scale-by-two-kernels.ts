import * as tf from '@tensorflow/tfjs';
import type { KernelFunc } from '@tensorflow/tfjs';
import { HALVE_KERNEL, REPEAT_2X_KERNEL, halve, halveByMean, repeat2x } from './image-pyramids.ts';

/**
 * halve (2 × 2 average pooling) as the backends' own AvgPool, and repeat2x (nearest 2×
 * upsampling) as tfjs-node's ResizeNearestNeighbor, differentiable to any order.
 *
 * Composed from reshape and mean, halve was the largest cost of the MSG-GAN step after the
 * convolutions: TensorFlow reduces the rank-6 [n, h/2, 2, w/2, 2, c] view over its axes 2 and
 * 4 slowly (18.5 ms per node step in three calls at 32×32), and the gradient of the composed
 * repeat2x is a Sum of the same shape. tfjs's own gradients of these ops have no second
 * derivative (R1 and gradient penalties differentiate D's gradient), so the gradients here are
 * the maps' adjoints written with the maps themselves, which makes every order work: halve's
 * adjoint is repeat2x / 4, repeat2x's is 4 · halve.
 *
 * Measured per call (ms, [64, h, w, c], composed → kernel): halve at 32×32×32 5.8 → 1.2 on
 * node, 9.0 → 1.2 on wasm; repeat2x at 16×16×80 3.3 → 2.6 on node. Where the composed form is
 * faster the kernel uses it: wasm's ResizeNearestNeighbor is slower than the broadcast multiply
 * at every size (repeat2x stays composed there), and XNNPACK pools single-channel images 3×
 * slower than reshape and mean (it vectorizes across channels).
 *
 * The forward ops run inside the kernels (a kernel's inner ops are not taped), so tfjs's wrong
 * avgPool and resizeNearestNeighbor gradients on cpu and wasm never run.
 */
const MIN_POOLED_CHANNELS_ON_WASM = 8;

const halveKernel =
  (backendName: string) =>
  ({ inputs: { x } }: { inputs: { x: tf.Tensor4D } }) =>
    backendName === 'wasm' && x.shape[3] < MIN_POOLED_CHANNELS_ON_WASM ? halveByMean(x) : tf.avgPool(x, 2, 2, 'valid');

const repeatKernel = ({ inputs: { x } }: { inputs: { x: tf.Tensor4D } }) =>
  tf.image.resizeNearestNeighbor(x, [2 * x.shape[1], 2 * x.shape[2]], false, false);

let installed = false;

export function installScaleByTwoKernels(): void {
  if (installed) return;
  for (const backendName of ['tensorflow', 'wasm', 'cpu'])
    tf.registerKernel({
      kernelName: HALVE_KERNEL,
      backendName,
      kernelFunc: halveKernel(backendName) as unknown as KernelFunc,
    });
  tf.registerKernel({
    kernelName: REPEAT_2X_KERNEL,
    backendName: 'tensorflow',
    kernelFunc: repeatKernel as unknown as KernelFunc,
  });
  tf.registerGradient({
    kernelName: HALVE_KERNEL,
    gradFunc: (dy) => ({ x: () => tf.mul(repeat2x(dy as tf.Tensor4D), 0.25) }),
  });
  tf.registerGradient({
    kernelName: REPEAT_2X_KERNEL,
    gradFunc: (dy) => ({ x: () => tf.mul(halve(dy as tf.Tensor4D), 4) }),
  });
  installed = true;
}
