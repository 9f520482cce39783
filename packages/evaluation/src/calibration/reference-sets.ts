import * as tf from '@tensorflow/tfjs';
import { Random } from '@granular/core';
import type { ImageDataset } from '@granular/data';
import { blur } from '@granular/ops';

/**
 * The image sets the metrics are calibrated on, each compared with the test split: what a
 * perfect generator would give (the train split), degraded versions of the test images, a
 * collapsed generator, and noise. All in the classifier's input form (32 × 32, [-1, 1]).
 */
export type CalibrationSet = 'train' | 'blurred' | 'salt-and-pepper' | 'single-image' | 'uniform-noise';
export const CALIBRATION_SETS: readonly CalibrationSet[] = [
  'train',
  'blurred',
  'salt-and-pepper',
  'single-image',
  'uniform-noise',
];

function withImages(like: ImageDataset, images: Float32Array, name: string): ImageDataset {
  return {
    ...like,
    name,
    images,
    labels: undefined,
    count: images.length / (like.height * like.width * like.channels),
  };
}

export function calibrationSet(
  kind: CalibrationSet,
  test: ImageDataset,
  train: ImageDataset,
  count: number,
  seed: number,
): ImageDataset {
  const size = test.height * test.width * test.channels;
  const first = (dataset: ImageDataset) => dataset.images.slice(0, count * size);
  const random = Random.derive(seed, `calibration:${kind}`);
  switch (kind) {
    case 'train':
      return withImages(test, first(train), 'train');
    case 'blurred': {
      // The 5×5 binomial blur, twice: strokes soften, digits stay readable.
      // Read outside tidy, which would walk a returned typed array element by element.
      const blurred = tf.tidy(() =>
        blur(blur(tf.tensor4d(first(test), [count, test.height, test.width, test.channels]))),
      );
      const images = Float32Array.from(blurred.dataSync());
      blurred.dispose();
      return withImages(test, images, 'blurred');
    }
    case 'salt-and-pepper': {
      const images = first(test);
      for (let i = 0; i < images.length; i++) {
        const u = random.next();
        if (u < 0.1) images[i] = u < 0.05 ? test.range[0] : test.range[1];
      }
      return withImages(test, images, 'salt-and-pepper');
    }
    case 'single-image': {
      const images = new Float32Array(count * size);
      for (let n = 0; n < count; n++) images.set(test.images.subarray(0, size), n * size);
      return withImages(test, images, 'single-image');
    }
    case 'uniform-noise':
      return withImages(
        test,
        Float32Array.from(
          { length: count * size },
          () => test.range[0] + (test.range[1] - test.range[0]) * random.next(),
        ),
        'uniform-noise',
      );
  }
}
