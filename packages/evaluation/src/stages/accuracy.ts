import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import type { Observable } from 'rxjs';
import { defineStage, mapExclusive, registryRef, UserError, writeFileAtomic } from '@granular/core';
import type { ImageDataset } from '@granular/data';
import { METRICS_PORT, TRAINED_STEP_PORT } from './metrics-port.ts';

const CHUNK = 500;

/** Share of `dataset` that `model` classifies correctly, in chunks (bounded memory). */
export function testAccuracy(model: tf.LayersModel, dataset: ImageDataset): number {
  if (!dataset.labels) throw new UserError(`${dataset.name} has no labels`, 'accuracy needs a labelled test set');
  const size = dataset.height * dataset.width * dataset.channels;
  let correct = 0;
  for (let start = 0; start < dataset.count; start += CHUNK) {
    const n = Math.min(CHUNK, dataset.count - start);
    correct += tf.tidy(() => {
      const images = tf.tensor4d(dataset.images.subarray(start * size, (start + n) * size), [
        n,
        dataset.height,
        dataset.width,
        dataset.channels,
      ]);
      const predicted = tf.argMax(model.predict(images, { batchSize: n }) as tf.Tensor, 1); // one call, not predict's batches of 32
      return tf
        .sum(tf.cast(tf.equal(predicted, tf.tensor1d(dataset.labels!.subarray(start, start + n), 'int32')), 'float32'))
        .dataSync()[0]!;
    });
  }
  return correct / dataset.count;
}

/**
 * A classifier's accuracy on held-out data (a side input: the test split, preprocessed as in
 * training), emitted as `test_accuracy` and written to metrics.json in the run directory.
 */
export const accuracy = defineStage({
  name: 'eval/accuracy',
  summary: "A classifier's accuracy on the test split (side input `data:`), to events and metrics.json",
  params: Type.Object(
    {
      model: registryRef('model', { default: 'C', description: 'the classifier' }),
      data: registryRef('stage', { port: 'Dataset', description: 'the stage that gives the labelled test data set' }),
    },
    { additionalProperties: false },
  ),
  input: TRAINED_STEP_PORT,
  output: METRICS_PORT,
  example: `
models:
  C: { use: classifier/lenet }
stages:
  digits:      { use: data/mnist, with: { limit: 512 } }
  scaled:      { use: preprocess/normalize, from: digits, with: { range: [-1, 1] } }
  batches:     { use: data/batches, from: scaled, with: { size: 64 } }
  test:        { use: data/mnist, with: { split: test, limit: 500 } }
  test-scaled: { use: preprocess/normalize, from: test, with: { range: [-1, 1] } }
  learn:       { use: train/classify, from: batches }
  score:       { use: eval/accuracy, from: learn, every: 4, with: { data: test-scaled } }
  sink:        { use: toy/record, from: score }`,
  create: (params, context) => (input: Observable<{ step: number }>) =>
    input.pipe(
      mapExclusive(context, async (report) => {
        const dataset = await context.sideInput<ImageDataset>(params.data);
        const value = testAccuracy(context.model<tf.LayersModel>(params.model), dataset);
        context.emit('test_accuracy', value);
        const metrics = { step: report.step, values: { test_accuracy: value, test_examples: dataset.count } };
        if (context.run.directory)
          writeFileAtomic(join(context.run.directory, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
        return metrics;
      }),
    ),
});
