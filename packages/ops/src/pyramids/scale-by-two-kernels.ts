import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { HALVE_KERNEL, REPEAT_2X_KERNEL, halve, halveByMean, repeat2x } from './image-pyramids.ts';
import { nativeKernelsReady } from '../native-kernels/load-native-kernels.ts';
import { opAttrs, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';

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
 * Where Granular's TensorFlow kernels are loaded (native-kernels/), tfjs-node runs
 * both as its ops GranularSumPool2x and GranularRepeat2xScaled, which multiply by the scale in
 * the same pass: the gradients (repeat2x · ¼ and halve · 4) are then one pass instead of two.
 *
 * The forward ops run inside the kernels (a kernel's inner ops are not taped), so tfjs's wrong
 * avgPool and resizeNearestNeighbor gradients on cpu and wasm never run.
 */
const MIN_POOLED_CHANNELS_ON_WASM = 8;

type ScaleArgs = { inputs: { x: tf.Tensor4D }; backend: unknown; attrs: { scale: number } };

/** t · scale in a second pass (t disposed), or t itself when the scale is 1 (the forward calls). */
function timesScale(t: tf.Tensor4D, scale: number): tf.Tensor4D {
  if (scale === 1) return t;
  const product = tf.mul(t, scale) as tf.Tensor4D;
  t.dispose();
  return product;
}

/** Granular's TensorFlow op when loaded (the scale inside its one pass), else null. */
function nativeScaleOp(name: string, { inputs, backend, attrs }: ScaleArgs): TensorInfo | null {
  if (!nativeKernelsReady()) return null;
  const node = backend as TensorFlowBackend;
  return node.executeSingleOutput(name, [opAttrs(node).float('scale', attrs.scale)], [inputs.x]);
}

const halveKernel = (backendName: string) => (args: ScaleArgs) => {
  const { x } = args.inputs;
  if (backendName === 'tensorflow') {
    const native = nativeScaleOp('GranularSumPool2x', { ...args, attrs: { scale: args.attrs.scale / 4 } });
    if (native) return native;
  }
  const mean =
    backendName === 'wasm' && x.shape[3] < MIN_POOLED_CHANNELS_ON_WASM ? halveByMean(x) : tf.avgPool(x, 2, 2, 'valid');
  return timesScale(mean, args.attrs.scale);
};

const repeatKernel = (args: ScaleArgs) => {
  const native = nativeScaleOp('GranularRepeat2xScaled', args);
  if (native) return native;
  const { x } = args.inputs;
  return timesScale(
    tf.image.resizeNearestNeighbor(x, [2 * x.shape[1], 2 * x.shape[2]], false, false),
    args.attrs.scale,
  );
};

/** halve · scale and repeat2x · scale: one kernel call where the backend has the kernel, else the composed form times the scale. */
function scaledHalve(x: tf.Tensor4D, scale: number): tf.Tensor4D {
  if (tf.getKernel(HALVE_KERNEL, tf.getBackend()))
    return tf.engine().runKernel(HALVE_KERNEL, { x }, { scale }) as tf.Tensor4D;
  return tf.mul(halve(x), scale);
}

function scaledRepeat2x(x: tf.Tensor4D, scale: number): tf.Tensor4D {
  if (tf.getKernel(REPEAT_2X_KERNEL, tf.getBackend()))
    return tf.engine().runKernel(REPEAT_2X_KERNEL, { x }, { scale }) as tf.Tensor4D;
  return tf.mul(repeat2x(x), scale);
}

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
  // halve(x; s) = (s / 4) · sum-pool, whose adjoint is (s / 4) · repeat; repeat2x(x; s)'s is s · sum-pool = 4s · halve.
  tf.registerGradient({
    kernelName: HALVE_KERNEL,
    gradFunc: (dy, _saved, attrs) => ({
      x: () => scaledRepeat2x(dy as tf.Tensor4D, (attrs as unknown as { scale: number }).scale / 4),
    }),
  });
  tf.registerGradient({
    kernelName: REPEAT_2X_KERNEL,
    gradFunc: (dy, _saved, attrs) => ({
      x: () => scaledHalve(dy as tf.Tensor4D, 4 * (attrs as unknown as { scale: number }).scale),
    }),
  });
  installed = true;
}
