import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '@granular/core';
import { directoryHandler } from '@granular/models';
import '@granular/models'; // registers the custom layers the classifier uses

/** Where the trained classifiers ship: packages/evaluation/classifiers/<name>/ (model.json, weights.bin, manifest.json, metrics.json). */
export const CLASSIFIERS_DIRECTORY = join(import.meta.dirname, '..', '..', 'classifiers');

export const CLASSIFIER_NAMES = ['mnist', 'fashion-mnist'] as const;
export type ClassifierName = (typeof CLASSIFIER_NAMES)[number];

/** The source stage of the images each classifier was trained on: its features mean something only for those. */
export const CLASSIFIER_DATA: Record<ClassifierName, string> = {
  mnist: 'data/mnist',
  'fashion-mnist': 'data/fashion-mnist',
};

/** The shipped classifier trained on images from this source stage, if there is one. */
export function classifierFor(source: string): ClassifierName | undefined {
  return CLASSIFIER_NAMES.find((name) => CLASSIFIER_DATA[name] === source);
}

/** The classifier trained in-project for a data set, with its `features` layer as a second output. */
export async function loadClassifier(
  name: ClassifierName,
): Promise<{ model: tf.LayersModel; embedding: tf.LayersModel; testAccuracy: number }> {
  const directory = join(CLASSIFIERS_DIRECTORY, name);
  if (!existsSync(join(directory, 'model.json')))
    throw new UserError(
      `no trained ${name} classifier in ${directory}`,
      `make it: npx granular run pipelines/classifier-${name === 'mnist' ? 'mnist' : 'fashion'}.yaml, then npm run classifiers`,
    );
  const model = await tf.loadLayersModel(directoryHandler(directory));
  const embedding = tf.model({
    inputs: model.inputs,
    outputs: [model.getLayer('features').output as tf.SymbolicTensor, model.outputs[0]!],
  });
  const metrics = JSON.parse(readFileSync(join(directory, 'metrics.json'), 'utf8')) as {
    values: { test_accuracy: number };
  };
  return { model, embedding, testAccuracy: metrics.values.test_accuracy };
}
