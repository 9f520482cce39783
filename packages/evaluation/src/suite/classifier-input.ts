import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '@granular/data';
import { normalizeRange, padImages } from '@granular/data';

/** The shipped classifiers see 32×32 images in [-1, 1] (MNIST padded), as they were trained. */
export const CLASSIFIER_SIZE = 32;
export const CLASSIFIER_RANGE: [number, number] = [-1, 1];
/** The side of the digit inside the classifier's input: MNIST's own 28, padded by 2 each side. */
const DIGIT_SIZE = 28;

/**
 * A data set as the metrics take it: mapped to [-1, 1] and, when smaller, padded to 32 × 32
 * with the background. Larger images keep their size: SWD reads them at full resolution and
 * `classifierView` brings them down for the classifier.
 */
export function datasetForMetrics(dataset: ImageDataset): ImageDataset {
  const scaled =
    dataset.range[0] === CLASSIFIER_RANGE[0] && dataset.range[1] === CLASSIFIER_RANGE[1]
      ? dataset
      : normalizeRange(dataset, CLASSIFIER_RANGE);
  return scaled.height >= CLASSIFIER_SIZE ? scaled : padImages(scaled, CLASSIFIER_SIZE);
}

/** Generated images (NHWC, in `range`) as the metrics take them (see `datasetForMetrics`). */
export function imagesForMetrics(images: tf.Tensor4D, range: readonly [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const scaled = tf.add(tf.mul(tf.sub(images, range[0]), 2 / (range[1] - range[0])), -1) as tf.Tensor4D;
    const border = (CLASSIFIER_SIZE - images.shape[1]) / 2;
    return border > 0
      ? (tf.pad(
          scaled,
          [
            [0, 0],
            [border, border],
            [border, border],
            [0, 0],
          ],
          -1,
        ) as tf.Tensor4D)
      : scaled;
  });
}

/**
 * Metric images (in [-1, 1], at least 32 px) as the classifier takes them. Images larger than
 * 32 px (MNIST resized to 64, say) are brought back to the digit's 28 px, by 2× average pooling
 * while the side stays at least 28 (no aliasing) and bilinear for the rest, then padded to 32:
 * the classifier sees digits at the size it was trained on, real and generated alike.
 */
export function classifierView(images: tf.Tensor4D): tf.Tensor4D {
  if (images.shape[1] <= CLASSIFIER_SIZE) return images;
  return tf.tidy(() => {
    let x = images;
    while (x.shape[1] >= 2 * DIGIT_SIZE) x = tf.avgPool(x, 2, 2, 'valid');
    if (x.shape[1] !== DIGIT_SIZE) x = tf.image.resizeBilinear(x, [DIGIT_SIZE, DIGIT_SIZE], false, true);
    const border = (CLASSIFIER_SIZE - DIGIT_SIZE) / 2;
    return tf.pad(
      x,
      [
        [0, 0],
        [border, border],
        [border, border],
        [0, 0],
      ],
      CLASSIFIER_RANGE[0],
    ) as tf.Tensor4D;
  });
}
