import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { ignoreElements, type Observable } from 'rxjs';
import { defineStage, mapExclusive, Random, registryRef, writeFileAtomic, NONE_PORT } from '@granular/core';
import { encodeImageGrid } from '@granular/ops';
import { finestImage, generate, modelClasses, modelOrEma, trainingExample } from '@granular/models';
import { TRAINED_STEP_PORT } from './metrics-port.ts';

/**
 * A grid of the generator's samples from one fixed z (the same for every grid of the run,
 * so grids over time show the same "people" growing up), written as PNG when its input
 * item arrives: schedule with `every: N`; the last step is drawn too.
 */
export const samples = defineStage({
  name: 'eval/samples',
  summary: 'Writes samples/step-NNNNNN.png: a grid of G(z) for a fixed z',
  params: Type.Object(
    {
      generator: registryRef('model', { default: 'G', description: 'the generator, a name under models:' }),
      ema: Type.Boolean({ default: true, description: 'use the moving average of G when a train/ema stage keeps one' }),
      rows: Type.Integer({ minimum: 1, maximum: 32, default: 8, description: 'grid rows' }),
      cols: Type.Integer({ minimum: 1, maximum: 32, default: 8, description: 'grid columns' }),
      range: Type.Tuple([Type.Number(), Type.Number()], {
        default: [-1, 1],
        description: 'the value range of G’s output ([0, 1] for sigmoid)',
      }),
    },
    { additionalProperties: false },
  ),
  input: TRAINED_STEP_PORT,
  output: NONE_PORT,
  example: trainingExample(`
d:       { use: train/d-step, from: batches }
g:       { use: train/g-step, from: d }
grid:    { use: eval/samples, from: g, every: 4, with: { rows: 4, cols: 4 } }`),
  create: (params, context) => {
    let z: tf.Tensor2D | undefined;
    return (input: Observable<{ step: number }>) =>
      input.pipe(
        mapExclusive(context, async (report) => {
          const generator = modelOrEma(context, params.generator, params.ema);
          const count = params.rows * params.cols;
          if (!z) {
            const latent = generator.inputs[0]!.shape.at(-1)!;
            z = tf.keep(
              tf.randomNormal(
                [count, latent],
                0,
                1,
                'float32',
                Random.derive(context.run.seed, `${context.stage}:z`).uint32(),
              ),
            ) as tf.Tensor2D;
          }
          const classes = modelClasses(generator);
          const images = tf.tidy(() => {
            const labels =
              classes === undefined
                ? undefined
                : tf.tensor1d(
                    Int32Array.from({ length: count }, (_, i) => Math.floor(i / params.cols) % classes),
                    'int32',
                  );
            return finestImage(generate(generator, z!, labels, false) as tf.Tensor4D | tf.Tensor4D[]);
          });
          const [, height, width, channels] = images.shape;
          const values = await images.data<'float32'>();
          images.dispose();
          const png = encodeImageGrid(values, { count, height, width, channels }, params, params.range);
          if (context.run.directory) {
            const file = join('samples', `step-${String(report.step).padStart(6, '0')}.png`);
            writeFileAtomic(join(context.run.directory, file), png);
            // Relative to the run directory, which stays valid when the directory is moved or copied.
            context.emit('samples', file);
          }
        }),
        ignoreElements(),
      );
  },
});
