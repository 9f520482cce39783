import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineStage, mapScoped, UserError } from '@granular/core';
import { pyramidBuilders } from '@granular/ops';
import { BATCH_PORT, type Batch } from '../batching/batch.ts';
import { PYRAMID_PORT, type PyramidBatch } from '../batching/pyramid-batch.ts';

/**
 * The multi-scale features of a batch: each real batch becomes an image pyramid, so that a
 * discriminator that judges several scales at once (MSG-GAN) sees the real images as the
 * generator's outputs are built. Its port type, Pyramid, lets validation refuse a multi-scale
 * discriminator wired to plain batches.
 */
export const pyramid = defineStage({
  name: 'features/pyramid',
  summary: 'Turns each batch into an image pyramid (avgpool, gaussian or laplacian), finest first',
  params: Type.Object(
    {
      kind: Type.Union([Type.Literal('avgpool'), Type.Literal('gaussian'), Type.Literal('laplacian')], {
        default: 'avgpool',
        description: 'avgpool: 2×2 means (MSG-GAN); gaussian: binomial blur and subsample; laplacian: band-pass levels',
      }),
      scales: Type.Array(Type.Integer({ minimum: 1 }), {
        minItems: 1,
        default: [4, 8, 16, 32],
        description: 'image sizes of the levels, each half the next (any order)',
      }),
    },
    { additionalProperties: false },
  ),
  input: BATCH_PORT,
  output: PYRAMID_PORT,
  example: `
digits:  { use: data/mnist, with: { limit: 256 } }
scaled:  { use: preprocess/normalize, from: digits, with: { range: [-1, 1] } }
padded:  { use: preprocess/pad, from: scaled, with: { size: 32 } }
batches: { use: data/batches, from: padded, with: { size: 64 } }
scales:  { use: features/pyramid, from: batches, with: { kind: laplacian, scales: [4, 8, 16, 32] } }
sink:    { use: toy/record, from: scales }`,
  create: ({ kind, scales }) => {
    const sizes = [...scales].sort((a, b) => b - a);
    sizes.forEach((size, i) => {
      if (i > 0 && sizes[i - 1] !== 2 * size)
        throw new UserError(
          `pyramid scales must halve: ${sizes.join(', ')}`,
          'for 32×32 images use scales [4, 8, 16, 32]',
        );
    });
    return mapScoped((batch: Batch): PyramidBatch => {
      const [, height, width] = batch.images.shape;
      if (height !== sizes[0] || width !== sizes[0]) {
        throw new UserError(
          `the batches are ${height}×${width}, but the finest pyramid scale is ${sizes[0]}`,
          'pad or resize the data to the finest scale (preprocess/pad, preprocess/resize)',
        );
      }
      const levels = pyramidBuilders[kind](batch.images, sizes.length);
      return { levels, labels: batch.labels, range: batch.range, dispose: () => tf.dispose(levels) };
    });
  },
});
