import * as tf from '@tensorflow/tfjs';
import { blurMatrix, downMatrix, upMatrix } from './resampling-matrices.ts';
import { resampleSeparable } from './separable-resample.ts';

/** An image pyramid: NHWC tensors, finest level first. */
export type Pyramid = tf.Tensor4D[];

function checkLevels(images: tf.Tensor4D, levels: number): void {
  const [, h, w] = images.shape;
  if (!Number.isInteger(levels) || levels < 1) throw new Error(`a pyramid needs at least one level, got ${levels}`);
  if (h % 2 ** (levels - 1) !== 0 || w % 2 ** (levels - 1) !== 0)
    throw new Error(`${h}×${w} images do not halve evenly ${levels - 1} times`);
}

/**
 * Kernel names under which @granular/ops registers halve and repeat2x as the backends' own
 * pooling and resizing ops, with gradients of every order (scale-by-two-kernels.ts, installed
 * when a backend is selected). Both take a `scale` attribute the result is multiplied by (1
 * here; their gradients, which are each other scaled, use it). Without them, in a browser page, the composed forms below run.
 */
export const HALVE_KERNEL = 'GranularHalve';
export const REPEAT_2X_KERNEL = 'GranularRepeat2x';

const hasKernel = (name: string) => tf.getKernel(name, tf.getBackend()) !== undefined;

/** 2 × 2 average pooling, once. */
export function halve(images: tf.Tensor4D): tf.Tensor4D {
  const [, h, w] = images.shape;
  if (h % 2 !== 0 || w % 2 !== 0) throw new Error(`2×2 average pooling needs even sizes, got ${h}×${w}`);
  if (hasKernel(HALVE_KERNEL)) return tf.engine().runKernel(HALVE_KERNEL, { x: images }, { scale: 1 }) as tf.Tensor4D;
  return halveByMean(images);
}

/** halve composed: a reshape and a mean (both twice differentiable). */
export function halveByMean(images: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = images.shape;
  return tf.tidy(() => tf.mean(tf.reshape(images, [n, h / 2, 2, w / 2, 2, c]), [2, 4]) as tf.Tensor4D);
}

/** Blur with the binomial kernel, then keep every second pixel from the first. */
export function downsample(images: tf.Tensor4D): tf.Tensor4D {
  return resampleSeparable(images, downMatrix(images.shape[1]), downMatrix(images.shape[2]));
}

/** Zeros inserted (values at even indices), blurred, times 4: the inverse step of a Laplacian pyramid. */
export function upsample(images: tf.Tensor4D): tf.Tensor4D {
  return resampleSeparable(images, upMatrix(images.shape[1]), upMatrix(images.shape[2]));
}

/**
 * Nearest-neighbour upsampling: each pixel repeated 2 × 2. Composed: by broadcasting against
 * ones (tfjs's tile has no gradient beyond rank 4, resizeNearestNeighbor none of second order).
 */
export function repeat2x(images: tf.Tensor4D): tf.Tensor4D {
  if (hasKernel(REPEAT_2X_KERNEL))
    return tf.engine().runKernel(REPEAT_2X_KERNEL, { x: images }, { scale: 1 }) as tf.Tensor4D;
  return tf.tidy(() => {
    const [n, h, w, c] = images.shape;
    return tf.reshape(tf.mul(tf.reshape(images, [n, h, 1, w, 1, c]), tf.ones([1, 1, 2, 1, 2, 1])), [
      n,
      2 * h,
      2 * w,
      c,
    ]) as tf.Tensor4D;
  });
}

/** The binomial blur alone (reflect padding), at the same size. */
export function blur(images: tf.Tensor4D): tf.Tensor4D {
  return resampleSeparable(images, blurMatrix(images.shape[1]), blurMatrix(images.shape[2]));
}

/** MSG-GAN's real-image pyramid: the image and its successive 2 × 2 average-pooled halves. */
export function avgPoolPyramid(images: tf.Tensor4D, levels: number): Pyramid {
  checkLevels(images, levels);
  const pyramid: Pyramid = [tf.clone(images)];
  for (let i = 1; i < levels; i++) pyramid.push(halve(pyramid[i - 1]!));
  return pyramid;
}

/** Gaussian pyramid: blur and subsample, `levels` levels including the image itself. */
export function gaussianPyramid(images: tf.Tensor4D, levels: number): Pyramid {
  checkLevels(images, levels);
  const pyramid: Pyramid = [tf.clone(images)];
  for (let i = 1; i < levels; i++) pyramid.push(downsample(pyramid[i - 1]!));
  return pyramid;
}

/** Laplacian pyramid: laplacian[i] = gauss[i] − up(gauss[i + 1]); the last level is the coarsest Gaussian. */
export function laplacianPyramid(images: tf.Tensor4D, levels: number): Pyramid {
  return tf.tidy(() => {
    const gauss = gaussianPyramid(images, levels);
    return gauss.map((level, i) =>
      i === levels - 1 ? tf.clone(level) : (tf.sub(level, upsample(gauss[i + 1]!)) as tf.Tensor4D),
    );
  });
}

/** The pyramids by the names pipelines use (`kind:` of features/pyramid, `pyramid:` of evaluation). */
export const pyramidBuilders = { avgpool: avgPoolPyramid, gaussian: gaussianPyramid, laplacian: laplacianPyramid };
export type PyramidKind = keyof typeof pyramidBuilders;

/** The image a Laplacian pyramid came from: from the coarsest level, upsample and add each band. */
export function reconstructLaplacian(levels: Pyramid): tf.Tensor4D {
  return tf.tidy(() => {
    let image = levels[levels.length - 1]!;
    for (let i = levels.length - 2; i >= 0; i--) image = tf.add(levels[i]!, upsample(image)) as tf.Tensor4D;
    return tf.clone(image);
  });
}
