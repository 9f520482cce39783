import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage, registryRef, UserError } from '@granular/core';
import type { Batch } from '@granular/data';
import { adamParams, createAdam } from '../training/adam.ts';
import { requireFinite } from '../training/finite-values.ts';
import { layersModel } from '../training/model-access.ts';
import { STEP_REPORT_PORT, type StepReport } from '../training/step-report.ts';
import { checkpointOptimizer } from '../checkpoints/optimizer-state.ts';
import { learningRateAt, learningRateParams, setLearningRate } from '../training/learning-rate.ts';
import { BATCH_PORT } from '@granular/data';

/**
 * One supervised step: softmax cross-entropy of the model's logits against the batch's
 * labels, Adam. This is how Granular trains the classifier its evaluation metrics use.
 */
export const classifyStep = defineStage({
  name: 'train/classify',
  summary: 'Trains a classifier on labelled batches (softmax cross-entropy, Adam); reports loss and batch accuracy',
  params: Type.Object(
    {
      model: registryRef('model', { default: 'C', description: 'the classifier, a name under models:' }),
      ...adamParams,
      lr: Type.Number({ exclusiveMinimum: 0, default: 1e-3, description: 'learning rate' }),
      beta1: Type.Number({ minimum: 0, exclusiveMaximum: 1, default: 0.9, description: "Adam's β1" }),
      ...learningRateParams,
    },
    { additionalProperties: false },
  ),
  input: BATCH_PORT,
  output: STEP_REPORT_PORT,
  example: `
models:
  C: { use: classifier/lenet }
stages:
  digits:  { use: data/mnist, with: { limit: 512 } }
  scaled:  { use: preprocess/normalize, from: digits, with: { range: [-1, 1] } }
  batches: { use: data/batches, from: scaled, with: { size: 64 } }
  learn:   { use: train/classify, from: batches }`,
  create: (params, context) => {
    const optimizer = createAdam(params);
    checkpointOptimizer(context, optimizer);
    return map((batch: Batch): StepReport => {
      if (!batch.labels)
        throw new UserError(
          'train/classify needs labelled data',
          'MNIST, Fashion-MNIST and image folders with class subfolders have labels',
        );
      const { model, variables } = layersModel(context, params.model);
      const step = context.step();
      setLearningRate(optimizer, learningRateAt(step, params));
      const [loss, accuracy] = tf.tidy(() => {
        const classes = model.outputs[0]!.shape.at(-1)!;
        const labels = tf.oneHot(tf.cast(batch.labels!, 'int32'), classes);
        let logits: tf.Tensor | undefined;
        const cost = optimizer.minimize(
          () => {
            logits = tf.keep(model.apply(batch.images, { training: true }) as tf.Tensor);
            return tf.losses.softmaxCrossEntropy(labels, logits) as tf.Scalar;
          },
          true,
          variables,
        )!;
        const hits = tf.mean(tf.cast(tf.equal(tf.argMax(logits!, 1), tf.cast(batch.labels!, 'int32')), 'float32'));
        const values = Array.from(tf.stack([cost, hits]).dataSync());
        logits!.dispose();
        return values;
      });
      const values = { loss: loss!, accuracy: accuracy! };
      requireFinite(values, step);
      for (const [name, value] of Object.entries(values)) context.emit(name, value);
      return { step, batchSize: batch.images.shape[0], values };
    });
  },
});
