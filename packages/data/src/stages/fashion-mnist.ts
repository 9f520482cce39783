import { Type } from '@sinclair/typebox';
import { defineStage } from '@granular/core';
import { loadFashionMnist } from '../datasets/fashion-mnist-files.ts';
import { DATASET_PORT, takeFirst } from '../datasets/image-dataset.ts';
import { datasetSource } from './dataset-source.ts';
import { splitParams } from './mnist.ts';

export const fashionMnist = defineStage({
  name: 'data/fashion-mnist',
  dataset: 'fashion-mnist',
  summary:
    'Fashion-MNIST (28×28, grey, 10 classes), offline from the fashion-mnist package, with a fixed stratified split',
  description:
    'The package holds all 70,002 images without the official split. Granular splits them once, per class, with a fixed seed: 1,000 test images per class (10,000), the rest (60,002) for training. Test numbers are therefore **not** comparable with results on the official Fashion-MNIST test set.',
  params: Type.Object(
    {
      ...splitParams,
      split: Type.Union([Type.Literal('train'), Type.Literal('test')], {
        default: 'train',
        description: 'train (60,002 images) or test (10,000)',
      }),
    },
    { additionalProperties: false },
  ),
  output: DATASET_PORT,
  example: `
clothes: { use: data/fashion-mnist, with: { split: test, limit: 256 } }
batches: { use: data/batches, from: clothes, with: { size: 64 } }
sink:    { use: toy/record, from: batches, every: 4 }`,
  create: ({ split, limit }) => datasetSource(() => takeFirst(loadFashionMnist(split), limit)),
});
