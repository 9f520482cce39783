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

/**
 * The data set each classifier was trained on, as data sources declare it (`dataset:` of
 * data/mnist): its features mean something only for those images.
 */
export const CLASSIFIER_DATA: Record<ClassifierName, string> = {
  mnist: 'mnist',
  'fashion-mnist': 'fashion-mnist',
};

/** The shipped classifier trained on this data set, if there is one (none for data without a declared data set). */
export function classifierFor(dataset: string | undefined): ClassifierName | undefined {
  return CLASSIFIER_NAMES.find((name) => CLASSIFIER_DATA[name] === dataset);
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
