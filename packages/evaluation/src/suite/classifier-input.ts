import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '@granular/data';
import { normalizeRange, padImages } from '@granular/data';

/** The shipped classifiers see 32×32 images in [-1, 1] (MNIST padded), as they were trained. */
export const CLASSIFIER_SIZE = 32;
export const CLASSIFIER_RANGE: [number, number] = [-1, 1];

/** A data set as the classifier takes it: mapped to [-1, 1], padded to 32 × 32 with the background. */
export function datasetForClassifier(dataset: ImageDataset): ImageDataset {
  const scaled = dataset.range[0] === CLASSIFIER_RANGE[0] && dataset.range[1] === CLASSIFIER_RANGE[1] ? dataset : normalizeRange(dataset, CLASSIFIER_RANGE);
  return scaled.height === CLASSIFIER_SIZE ? scaled : padImages(scaled, CLASSIFIER_SIZE);
}

/** Generated images (NHWC, in `range`) as the classifier takes them. */
export function imagesForClassifier(images: tf.Tensor4D, range: readonly [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const scaled = tf.add(tf.mul(tf.sub(images, range[0]), 2 / (range[1] - range[0])), -1) as tf.Tensor4D;
    const border = (CLASSIFIER_SIZE - images.shape[1]) / 2;
    return border > 0 ? (tf.pad(scaled, [[0, 0], [border, border], [border, border], [0, 0]], -1) as tf.Tensor4D) : scaled;
  });
}
