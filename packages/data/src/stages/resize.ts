import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage } from '@granular/core';
import { DATASET_PORT, type ImageDataset } from '../datasets/image-dataset.ts';
import { resizeImages } from '../transforms/image-transforms.ts';

export const resize = defineStage({
  name: 'preprocess/resize',
  summary: 'Resizes images to size × size, bilinear (28 → 32 stretches where pad adds a border)',
  params: Type.Object(
    { size: Type.Integer({ minimum: 1, maximum: 1024, default: 32, description: 'the new height and width' }) },
    { additionalProperties: false },
  ),
  input: DATASET_PORT,
  output: DATASET_PORT,
  example: `
digits:  { use: data/mnist, with: { limit: 1000 } }
resized: { use: preprocess/resize, from: digits, with: { size: 32 } }
batches: { use: data/batches, from: resized, with: { size: 100 } }
sink:    { use: toy/record, from: batches }`,
  create: ({ size }) => map((dataset: ImageDataset) => resizeImages(dataset, size, size)),
});
