import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage } from '@granular/core';
import { DATASET_PORT, type ImageDataset } from '../datasets/image-dataset.ts';
import { padImages } from '../transforms/image-transforms.ts';

export const pad = defineStage({
  name: 'preprocess/pad',
  summary: 'Pads images to size × size, centred (28 → 32 gives pyramids that halve cleanly to 4×4)',
  params: Type.Object(
    {
      size: Type.Integer({ minimum: 1, maximum: 1024, default: 32, description: 'the new height and width' }),
      value: Type.Optional(
        Type.Number({ description: 'fill value (default: the low end of the pixel range, i.e. black)' }),
      ),
    },
    { additionalProperties: false },
  ),
  input: DATASET_PORT,
  output: DATASET_PORT,
  example: `
digits:  { use: data/mnist, with: { limit: 1000 } }
scaled:  { use: preprocess/normalize, from: digits, with: { range: [-1, 1] } }
padded:  { use: preprocess/pad, from: scaled, with: { size: 32 } }
batches: { use: data/batches, from: padded, with: { size: 100 } }
sink:    { use: toy/record, from: batches }`,
  create: ({ size, value }) => map((dataset: ImageDataset) => padImages(dataset, size, value)),
});
