import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { ImageDataset } from '../datasets/image-dataset.ts';
import { normalizeRange, padImages, resizeImages } from './image-transforms.ts';

function dataset(
  images: number[],
  height: number,
  width: number,
  channels = 1,
  range: [number, number] = [0, 255],
): ImageDataset {
  return {
    name: 'test',
    images: Float32Array.from(images),
    labels: undefined,
    count: images.length / (height * width * channels),
    height,
    width,
    channels,
    range,
  };
}

describe('image transforms', () => {
  it('normalize maps the range linearly: 0 → −1, 127.5 → 0, 255 → 1', () => {
    const result = normalizeRange(dataset([0, 127.5, 255, 51], 2, 2), [-1, 1]);
    [-1, 0, 1, -0.6].forEach((value, i) => expect(result.images[i]).toBeCloseTo(value, 6));
    expect(result.range).toEqual([-1, 1]);
  });

  it('pad centres each image and fills with the low end of the range', () => {
    const result = padImages(dataset([1, 2, 3, 4], 2, 2, 1, [-1, 1]), 4);
    expect([result.height, result.width]).toEqual([4, 4]);
    expect(Array.from(result.images)).toEqual([-1, -1, -1, -1, -1, 1, 2, -1, -1, 3, 4, -1, -1, -1, -1, -1]);
  });

  it('resize agrees with tf.image.resizeBilinear (half-pixel centres) on the cpu backend', async () => {
    await tf.setBackend('cpu');
    const values = Array.from({ length: 2 * 5 * 7 * 2 }, (_, i) => Math.sin(i * 0.77) * 100);
    const result = resizeImages(dataset(values, 5, 7, 2), 8, 4);
    const reference = tf.image.resizeBilinear(tf.tensor4d(values, [2, 5, 7, 2]), [8, 4], false, true).dataSync();
    expect(result.images.length).toBe(reference.length);
    result.images.forEach((value, i) => expect(value).toBeCloseTo(reference[i]!, 3));
  });
});
