import { Type } from '@sinclair/typebox';
import { defineStage } from '@granular/core';
import { DATASET_PORT } from '../datasets/image-dataset.ts';
import { syntheticImages } from '../datasets/synthetic-images.ts';
import { datasetSource } from './dataset-source.ts';

export const synthetic = defineStage({
  name: 'data/synthetic',
  summary: 'Seeded synthetic images (Gaussian blobs or simple shapes), pixels in [0, 1]: fast data for tests and demos',
  params: Type.Object(
    {
      kind: Type.Union([Type.Literal('blobs'), Type.Literal('shapes')], {
        default: 'blobs',
        description: 'blobs: a spot at one of `classes` places; shapes: square, disc or cross',
      }),
      count: Type.Integer({ minimum: 1, maximum: 1000000, default: 1024, description: 'number of images' }),
      size: Type.Integer({ minimum: 4, maximum: 256, default: 16, description: 'height and width in pixels' }),
      classes: Type.Integer({ minimum: 1, maximum: 64, default: 4, description: 'number of classes (labels)' }),
    },
    { additionalProperties: false },
  ),
  output: DATASET_PORT,
  example: `
blobs:   { use: data/synthetic, with: { kind: blobs, count: 256, size: 16 } }
batches: { use: data/batches, from: blobs, with: { size: 32 } }
sink:    { use: toy/record, from: batches, every: 8 }`,
  create: ({ kind, count, size, classes }, context) =>
    datasetSource(() => syntheticImages(kind, count, size, classes, context.random())),
});
