/**
 * @granular/data: data sets (MNIST, Fashion-MNIST, image folders, synthetic), preprocessing,
 * and the batching that turns a data set into the training stream.
 */
import type { Contribution } from '@granular/core';
import { batches } from './stages/batches.ts';
import { fashionMnist } from './stages/fashion-mnist.ts';
import { imageFolder } from './stages/image-folder.ts';
import { mnist } from './stages/mnist.ts';
import { normalize } from './stages/normalize.ts';
import { pad } from './stages/pad.ts';
import { resize } from './stages/resize.ts';
import { pyramid } from './stages/pyramid.ts';
import { synthetic } from './stages/synthetic.ts';

export type { ImageDataset } from './datasets/image-dataset.ts';
export { DATASET_PORT, imageSize, takeFirst } from './datasets/image-dataset.ts';
export { loadMnist, MNIST_CHECKSUMS, type Split } from './datasets/mnist-files.ts';
export { loadFashionMnist, FASHION_CLASSES } from './datasets/fashion-mnist-files.ts';
export { loadImageFolder } from './datasets/image-folder.ts';
export { syntheticImages } from './datasets/synthetic-images.ts';
export { normalizeRange, padImages, resizeImages } from './transforms/image-transforms.ts';
export { BATCH_PORT, makeBatch, type Batch } from './batching/batch.ts';
export { PYRAMID_PORT, type PyramidBatch } from './batching/pyramid-batch.ts';
export { epochOrder, batchesPerEpoch } from './batching/epoch-order.ts';

export const contribution: Contribution = {
  stages: [mnist, fashionMnist, imageFolder, synthetic, normalize, pad, resize, batches, pyramid],
};
