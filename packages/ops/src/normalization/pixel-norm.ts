import * as tf from '@tensorflow/tfjs';

/**
 * Pixel norm (Karras et al. 2018): each pixel's feature vector (the last axis) scaled to unit
 * mean square, y = x / sqrt(mean(x²) + ε).
 *
 * Composed from tfjs ops it is five element-wise TensorFlow calls forward and about ten
 * backward, each a pass over the whole tensor: 46 ms of the node MSG-GAN step. Where Granular's
 * TensorFlow kernels are loaded (native-kernels/) it is one kernel forward, GranularPixelNorm,
 * and one backward, GranularPixelNormGrad(dy, x) = r·dy − x·(r/m)·mean(dy·x) with
 * m = mean(x²) + ε and r = 1/sqrt(m). The gradient kernel's own gradient is that formula's,
 * through taped ops, so every order of derivative stays exact. Elsewhere (wasm, cpu, a
 * browser) the composed form runs, as before.
 */
export const PIXEL_NORM_KERNEL = 'GranularPixelNorm';
export const PIXEL_NORM_GRAD_KERNEL = 'GranularPixelNormGrad';
export const PIXEL_NORM_EPSILON = 1e-8;

export function pixelNorm<T extends tf.Tensor>(x: T, epsilon = PIXEL_NORM_EPSILON): T {
  if (tf.getKernel(PIXEL_NORM_KERNEL, tf.getBackend()) && x.dtype === 'float32' && x.rank > 0)
    return tf.engine().runKernel(PIXEL_NORM_KERNEL, { x }, { epsilon }) as T;
  return pixelNormComposed(x, epsilon);
}

/** The composed form: what runs without the kernels, and the reference they are tested against. */
export function pixelNormComposed<T extends tf.Tensor>(x: T, epsilon = PIXEL_NORM_EPSILON): T {
  return tf.tidy(() => tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), epsilon)))) as T;
}

/** The gradient's closed form in taped ops, differentiated where a derivative of the gradient is asked for. */
function pixelNormGradComposed(dy: tf.Tensor, x: tf.Tensor, epsilon: number): tf.Tensor {
  return tf.tidy(() => {
    const m = tf.add(tf.mean(tf.square(x), -1, true), epsilon);
    const r = tf.rsqrt(m);
    return tf.sub(tf.mul(r, dy), tf.mul(x, tf.mul(tf.div(r, m), tf.mean(tf.mul(dy, x), -1, true))));
  });
}

type Attrs = { epsilon: number };

let gradientsInstalled = false;

/** The kernels' gradients (the forward kernel's is the gradient kernel; that one's, its closed form through taped ops). */
export function installPixelNormGradients(): void {
  if (gradientsInstalled) return;
  tf.registerGradient({
    kernelName: PIXEL_NORM_KERNEL,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const { epsilon } = attrs as unknown as Attrs;
      return {
        x: () => tf.engine().runKernel(PIXEL_NORM_GRAD_KERNEL, { dy: dy as tf.Tensor, x }, { epsilon }) as tf.Tensor,
      };
    },
  });
  tf.registerGradient({
    kernelName: PIXEL_NORM_GRAD_KERNEL,
    inputsToSave: ['dy', 'x'],
    gradFunc: (upstream, saved, attrs) => {
      const [dy, x] = saved as [tf.Tensor, tf.Tensor];
      const { epsilon } = attrs as unknown as Attrs;
      const [ofDy, ofX] = tf.grads((a: tf.Tensor, b: tf.Tensor) => pixelNormGradComposed(a, b, epsilon))(
        [dy, x],
        upstream as tf.Tensor,
      );
      return { dy: () => ofDy!, x: () => ofX! };
    },
  });
  gradientsInstalled = true;
}
