import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage } from '@granular/core';
import { DATASET_PORT, type ImageDataset } from '../datasets/image-dataset.ts';
import { normalizeRange } from '../transforms/image-transforms.ts';

export const normalize = defineStage({
  name: 'preprocess/normalize',
  summary: 'Maps pixel values linearly to a range: [0, 1] for a sigmoid generator, [-1, 1] for tanh',
  params: Type.Object(
    { range: Type.Tuple([Type.Number(), Type.Number()], { default: [-1, 1], description: 'the target [low, high]' }) },
    { additionalProperties: false },
  ),
  input: DATASET_PORT,
  output: DATASET_PORT,
  example: `
digits:  { use: data/mnist, with: { limit: 1000 } }
unit:    { use: preprocess/normalize, from: digits, with: { range: [0, 1] } }
batches: { use: data/batches, from: unit, with: { size: 100 } }
sink:    { use: toy/record, from: batches }`,
  create: ({ range }) => map((dataset: ImageDataset) => normalizeRange(dataset, range)),
});
