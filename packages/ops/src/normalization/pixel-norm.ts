import * as tf from '@tensorflow/tfjs';

/**
 * Pixel norm (Karras et al. 2018): each pixel's feature vector (the last axis) scaled to unit
 * mean square, y = x / sqrt(mean(x²) + ε).
 *
 * Composed from tfjs ops it is five element-wise TensorFlow calls forward and about ten
 * backward, each a pass over the whole tensor: 46 ms of the node MSG-GAN step. Where Granular's
 * TensorFlow kernels are loaded (native-kernels/) it is one kernel forward, GranularPixelNorm,
 * and one backward, GranularPixelNormGrad(dy, x) = r·dy − x·(r/m)·mean(dy·x) with
 * m = mean(x²) + ε and r = 1/sqrt(m). The gradient kernel's own gradient is written out in
 * closed form (pixelNormGradAdjoint), so every order of derivative stays exact. Elsewhere
 * (wasm, cpu, a browser) the composed form runs, as before.
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

/**
 * The adjoint of the gradient GranularPixelNormGrad(dy, x) = r·dy − x·(r/(mC))·s, s = Σ dy·x
 * (per pixel, over the C channels; m = Σx²/C + ε, r = m^(−1/2)), for an upstream u:
 * - with respect to dy it is the same map applied to u (the map is symmetric in dy);
 * - with respect to x, from ∂r/∂x = −r·x/(mC) and ∂(r/(mC))/∂x = −3r·x/(m²C²), with a = Σ u·dy
 *   and b = Σ u·x: −a·r·x/(mC) + 3·s·b·r·x/(m²C²) − (r/(mC))·(b·dy + s·u).
 * In taped ops (and the gradient kernel for dy), so every further order is exact too.
 */
function pixelNormGradAdjoint(u: tf.Tensor, dy: tf.Tensor, x: tf.Tensor, epsilon: number) {
  const channels = x.shape[x.rank - 1]!;
  const ofX = () =>
    tf.tidy(() => {
      const m = tf.add(tf.mean(tf.square(x), -1, true), epsilon);
      const r = tf.rsqrt(m);
      const perPixel = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(a, b), -1, true);
      const s = perPixel(dy, x);
      const a = perPixel(u, dy);
      const b = perPixel(u, x);
      const rOverMC = tf.div(r, tf.mul(m, channels));
      const alongX = tf.sub(tf.mul(3, tf.mul(tf.mul(s, b), tf.div(rOverMC, tf.mul(m, channels)))), tf.mul(a, rOverMC));
      return tf.sub(tf.mul(x, alongX), tf.mul(rOverMC, tf.add(tf.mul(b, dy), tf.mul(s, u))));
    });
  const ofDy = () => tf.engine().runKernel(PIXEL_NORM_GRAD_KERNEL, { dy: u, x }, { epsilon }) as tf.Tensor;
  return { dy: ofDy, x: ofX };
}

type Attrs = { epsilon: number };

let gradientsInstalled = false;

/** The kernels' gradients: the forward kernel's is the gradient kernel; that one's is pixelNormGradAdjoint. */
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
      return pixelNormGradAdjoint(upstream as tf.Tensor, dy, x, (attrs as unknown as Attrs).epsilon);
    },
  });
  gradientsInstalled = true;
}
