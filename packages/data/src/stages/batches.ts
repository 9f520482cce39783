import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineStage } from '@granular/core';
import { BATCH_PORT, makeBatch, type Batch } from '../batching/batch.ts';
import { batchesPerEpoch, epochOrder } from '../batching/epoch-order.ts';
import { DATASET_PORT, imageSize, type ImageDataset } from '../datasets/image-dataset.ts';

export const batches = defineStage({
  name: 'data/batches',
  summary: 'Turns a data set into training batches (seeded shuffle per epoch); each batch is one step of the run',
  description:
    'Batches are made one at a time as training pulls them (at most `engine.prefetch` ahead), so memory holds the data set once, not every batch.',
  params: Type.Object(
    {
      size: Type.Integer({ minimum: 1, maximum: 65536, default: 64, description: 'images per batch' }),
      shuffle: Type.Boolean({ default: true, description: 'a new seeded order every epoch' }),
      epochs: Type.Integer({ minimum: 1, maximum: 1000000, default: 1, description: 'passes over the data set' }),
      drop_remainder: Type.Boolean({ default: true, description: 'skip the last, smaller batch of an epoch' }),
    },
    { additionalProperties: false },
  ),
  input: DATASET_PORT,
  output: BATCH_PORT,
  steps: true,
  example: `
digits:  { use: data/mnist, with: { limit: 1000 } }
batches: { use: data/batches, from: digits, with: { size: 100, epochs: 2 } }
sink:    { use: toy/record, from: batches }`,
  create: (params, context) => ({
    async *expand(dataset: ImageDataset): AsyncIterable<Batch> {
      const perEpoch = batchesPerEpoch(dataset.count, params.size, params.drop_remainder);
      context.emit('total_steps', perEpoch * params.epochs);
      const size = imageSize(dataset);
      // A resumed run starts at its checkpoint's step: skip the batches it already trained on
      // (the order of an epoch depends only on the seed, so the skipped ones are the same).
      const resumeAt = context.step();
      for (let epoch = Math.floor(resumeAt / perEpoch); epoch < params.epochs; epoch++) {
        const order = epochOrder(dataset.count, params.shuffle, context.run.seed, context.stage, epoch);
        for (
          let index = epoch === Math.floor(resumeAt / perEpoch) ? resumeAt % perEpoch : 0;
          index < perEpoch;
          index++
        ) {
          const members = order.subarray(index * params.size, Math.min((index + 1) * params.size, dataset.count));
          const pixels = new Float32Array(members.length * size);
          members.forEach((example, i) =>
            pixels.set(dataset.images.subarray(example * size, (example + 1) * size), i * size),
          );
          const images = tf.tensor4d(pixels, [members.length, dataset.height, dataset.width, dataset.channels]);
          const labels = dataset.labels
            ? tf.tensor1d(
                Int32Array.from(members, (example) => dataset.labels![example]!),
                'int32',
              )
            : undefined;
          yield makeBatch(images, labels, epoch, index, dataset.range);
        }
      }
    },
  }),
});
