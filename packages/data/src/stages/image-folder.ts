import { resolve } from 'node:path';
import { Type } from '@sinclair/typebox';
import { defineStage, inputFolderParam } from '@granular/core';
import { DATASET_PORT } from '../datasets/image-dataset.ts';
import { loadImageFolder } from '../datasets/image-folder.ts';
import { datasetSource } from './dataset-source.ts';

export const imageFolder = defineStage({
  name: 'data/image-folder',
  summary: 'Your own PNG or JPEG images from a folder (one subfolder per class, optional), pixels 0–255',
  params: Type.Object(
    {
      path: inputFolderParam({ description: 'the folder, relative to the pipeline file' }),
      channels: Type.Union([Type.Literal(1), Type.Literal(3)], {
        default: 1,
        description: '1 for grey (luminance), 3 for RGB',
      }),
      split: Type.Union([Type.Literal('all'), Type.Literal('train'), Type.Literal('test')], {
        default: 'all',
        description:
          'all images, or one side of a fixed held-out split (test: the held-out images, to evaluate against)',
      }),
      held_out: Type.Number({
        exclusiveMinimum: 0,
        exclusiveMaximum: 1,
        default: 0.1,
        description: 'the fraction held out as test (chosen by a hash of each file path: stable as images are added)',
      }),
    },
    { additionalProperties: false },
  ),
  output: DATASET_PORT,
  example: `
photos:  { use: data/image-folder, with: { path: ./my-images, channels: 3, split: train } }
sized:   { use: preprocess/resize, from: photos, with: { size: 32 } }
batches: { use: data/batches, from: sized, with: { size: 16 } }
sink:    { use: toy/record, from: batches }`,
  create: ({ path, channels, split, held_out }, context) =>
    datasetSource(() =>
      loadImageFolder(resolve(context.run.baseDirectory, path), channels, { split, heldOut: held_out }),
    ),
});
