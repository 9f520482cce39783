import { definePort } from '@granular/core';
/**
 * A whole image data set in memory: pixels as float32 NHWC in one array (60,000 MNIST
 * images are 188 MB), labels when it has them, and the value range the pixels are in, so
 * that preprocessing knows what it maps from. Flows between stages as a `Dataset` port.
 */
export interface ImageDataset {
  /** `mnist/train`, `fashion-mnist/test`, `folder:photos`… */
  readonly name: string;
  readonly images: Float32Array;
  readonly labels: Int32Array | undefined;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** The range pixel values lie in: [0, 255] as loaded, [-1, 1] after normalizing for tanh. */
  readonly range: readonly [number, number];
  readonly classNames?: readonly string[];
}

export const DATASET_PORT = definePort<ImageDataset>('Dataset', { data: true });

export function imageSize(dataset: Pick<ImageDataset, 'height' | 'width' | 'channels'>): number {
  return dataset.height * dataset.width * dataset.channels;
}

/** The first `limit` examples (for quick runs and tests), sharing no memory with the original. */
export function takeFirst(dataset: ImageDataset, limit: number | undefined): ImageDataset {
  if (limit === undefined || limit >= dataset.count) return dataset;
  const size = imageSize(dataset);
  return {
    ...dataset,
    images: dataset.images.slice(0, limit * size),
    labels: dataset.labels?.slice(0, limit),
    count: limit,
  };
}
