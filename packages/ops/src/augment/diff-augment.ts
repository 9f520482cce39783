import * as tf from '@tensorflow/tfjs';

/**
 * Differentiable augmentation (DiffAugment, Zhao et al. 2020): color, translation and cutout,
 * applied to the images D sees (reals and fakes alike), written with ops that tfjs
 * differentiates twice (element-wise arithmetic, means and batched matrix products), so that
 * G's gradient flows through them and R1 on augmented reals is exact.
 *
 * The transform of each example is drawn once (`AugmentationDraw`) in units of the image side,
 * so that one draw applies to every scale of a pyramid batch: a shift of 4 px at 32 px is 2 px
 * at 16 and half a pixel at 4 (linear interpolation), and a cutout square covers the same part
 * of the image at every scale (a coarse pixel is dimmed by the share of it that is cut).
 */

export const AUGMENTATIONS = ['color', 'translation', 'cutout'] as const;
export type Augmentation = (typeof AUGMENTATIONS)[number];

/** One batch's transforms, one entry per example; identity values where a transform is off. */
export interface AugmentationDraw {
  /** Added to every pixel (DiffAugment: U(−0.5, 0.5)). */
  brightness: Float32Array;
  /** Scales each pixel's distance from its mean over channels (U(0, 2)). */
  saturation: Float32Array;
  /** Scales each image's distance from its mean (U(0.5, 1.5)). */
  contrast: Float32Array;
  /** Shift, as a fraction of the side (content moves by −shift·side pixels). */
  shiftX: Float32Array;
  shiftY: Float32Array;
  /** The cut square: start and end as fractions of the side (start = end: no cutout). */
  cutX0: Float32Array;
  cutX1: Float32Array;
  cutY0: Float32Array;
  cutY1: Float32Array;
}

/** The draw that changes nothing, for `count` examples. */
export function identityDraw(count: number): AugmentationDraw {
  const filled = (value: number) => new Float32Array(count).fill(value);
  return {
    brightness: filled(0),
    saturation: filled(1),
    contrast: filled(1),
    shiftX: filled(0),
    shiftY: filled(0),
    cutX0: filled(0),
    cutX1: filled(0),
    cutY0: filled(0),
    cutY1: filled(0),
  };
}

/** Per-example values as a tensor broadcast over H, W and C. */
function perExample(values: Float32Array): tf.Tensor4D {
  return tf.tensor4d(values, [values.length, 1, 1, 1]);
}

function color(images: tf.Tensor4D, draw: AugmentationDraw): tf.Tensor4D {
  return tf.tidy(() => {
    let x = tf.add(images, perExample(draw.brightness));
    const channelMean = tf.mean(x, 3, true);
    x = tf.add(tf.mul(tf.sub(x, channelMean), perExample(draw.saturation)), channelMean);
    const imageMean = tf.mean(x, [1, 2, 3], true);
    return tf.add(tf.mul(tf.sub(x, imageMean), perExample(draw.contrast)), imageMean) as tf.Tensor4D;
  });
}

/**
 * [count, n, n] matrices M with (M·v)[i] = v[i + shift·n], zero outside, linearly interpolated
 * between the two nearest pixels when shift·n is not whole.
 */
function shiftMatrices(shifts: Float32Array, n: number): tf.Tensor3D {
  const values = new Float32Array(shifts.length * n * n);
  shifts.forEach((shift, example) => {
    const pixels = shift * n;
    for (let i = 0; i < n; i++) {
      const source = i + pixels;
      const low = Math.floor(source);
      const weight = source - low;
      if (low >= 0 && low < n) values[example * n * n + i * n + low]! += 1 - weight;
      if (weight > 0 && low + 1 >= 0 && low + 1 < n) values[example * n * n + i * n + low + 1]! += weight;
    }
  });
  return tf.tensor3d(values, [shifts.length, n, n]);
}

function translation(images: tf.Tensor4D, draw: AugmentationDraw): tf.Tensor4D {
  return tf.tidy(() => {
    const [count, height, width, channels] = images.shape;
    // Rows: per example, [h, h] · [h, w·c].
    const rows = tf.matMul(shiftMatrices(draw.shiftY, height), tf.reshape(images, [count, height, width * channels]));
    // Columns: the same on the transposed image.
    const transposed = tf.reshape(tf.transpose(tf.reshape(rows, [count, height, width, channels]), [0, 2, 1, 3]), [
      count,
      width,
      height * channels,
    ]);
    const columns = tf.matMul(shiftMatrices(draw.shiftX, width), transposed);
    return tf.transpose(tf.reshape(columns, [count, width, height, channels]), [0, 2, 1, 3]) as tf.Tensor4D;
  });
}

/** How much of each of n pixels (pixel i spans [i/n, (i+1)/n)) lies inside [start, end), as a share of the pixel. */
function coverage(start: number, end: number, n: number): Float32Array {
  return Float32Array.from(
    { length: n },
    (_, i) => Math.max(0, Math.min(end, (i + 1) / n) - Math.max(start, i / n)) * n,
  );
}

function cutout(images: tf.Tensor4D, draw: AugmentationDraw): tf.Tensor4D {
  const [count, height, width] = images.shape;
  const mask = new Float32Array(count * height * width);
  for (let example = 0; example < count; example++) {
    const rows = coverage(draw.cutY0[example]!, draw.cutY1[example]!, height);
    const cols = coverage(draw.cutX0[example]!, draw.cutX1[example]!, width);
    for (let i = 0; i < height; i++)
      for (let j = 0; j < width; j++) mask[(example * height + i) * width + j] = 1 - rows[i]! * cols[j]!;
  }
  return tf.tidy(() => tf.mul(images, tf.tensor4d(mask, [count, height, width, 1])) as tf.Tensor4D);
}

const TRANSFORMS: Record<Augmentation, (images: tf.Tensor4D, draw: AugmentationDraw) => tf.Tensor4D> = {
  color,
  translation,
  cutout,
};

/** The transforms that leave pixels empty: those take the fill value. */
const EMPTIES: ReadonlySet<Augmentation> = new Set(['translation', 'cutout']);

/**
 * The images (NHWC, in [-1, 1]) under the draw's transforms, in the order given (DiffAugment's:
 * color, translation, cutout). What translation and cutout leave empty is `fill`: DiffAugment's
 * 0 (the middle grey of [-1, 1]), or the background, -1 for MNIST's black. Both transforms are
 * linear and send 0 to 0, so they act on x − fill and add it back.
 */
export function diffAugment(
  images: tf.Tensor4D,
  draw: AugmentationDraw,
  policy: readonly Augmentation[],
  fill = 0,
): tf.Tensor4D {
  return tf.tidy(() =>
    policy.reduce((x, name) => {
      if (fill === 0 || !EMPTIES.has(name)) return TRANSFORMS[name](x, draw);
      return tf.add(TRANSFORMS[name](tf.sub(x, fill) as tf.Tensor4D, draw), fill) as tf.Tensor4D;
    }, images),
  );
}
