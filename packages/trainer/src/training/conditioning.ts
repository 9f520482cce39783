import * as tf from '@tensorflow/tfjs';
import { Random, UserError, type StageContext } from '@granular/core';
import { hasClassHead, modelClasses, takesLabels } from '@granular/models';

/** How a class-conditional pair trains: the classes, and whether D reads labels (projection) or names them (ACGAN). */
export interface Conditioning {
  classes: number;
  /** D has an auxiliary classifier head: its class loss joins both steps' objectives. */
  classHead: boolean;
}

/**
 * Whether G and D are a class-conditional pair, read from the models: both conditional on the
 * same classes, or neither. A conditional G against an unconditional D would learn to ignore
 * its labels; the reverse has no labels for its fakes.
 */
export function conditioningOf(
  generator: tf.LayersModel,
  discriminator: tf.LayersModel,
  names: { generator: string; discriminator: string },
): Conditioning | undefined {
  const gClasses = modelClasses(generator);
  const dConditional = takesLabels(discriminator) || hasClassHead(discriminator);
  const dClasses = dConditional ? modelClasses(discriminator) : undefined;
  if (gClasses === undefined && dClasses === undefined) return undefined;
  if (gClasses === undefined || dClasses === undefined || gClasses !== dClasses) {
    const describe = (name: string, classes: number | undefined) =>
      `'${name}' is ${classes === undefined ? 'unconditional' : `conditional on ${classes} classes`}`;
    throw new UserError(
      `${describe(names.generator, gClasses)}, but ${describe(names.discriminator, dClasses)}`,
      'give both models the same `classes:` (or neither)',
    );
  }
  return { classes: gClasses, classHead: hasClassHead(discriminator) };
}

/**
 * The classes asked of G at one step, uniform over 0 … classes − 1, from a stream named after
 * the stage and the step (like z): a resumed run draws what the uninterrupted one drew.
 */
export function stepLabels(context: StageContext, step: number, count: number, classes: number): tf.Tensor1D {
  const random = Random.derive(context.run.seed, `${context.stage}:labels:${step}`);
  return tf.tensor1d(
    Int32Array.from({ length: count }, () => random.int(classes)),
    'int32',
  );
}

/** The real batch's labels, checked once to be classes the models know. */
export function realLabels(labels: tf.Tensor1D | undefined, conditioning: Conditioning, check: boolean): tf.Tensor1D {
  if (!labels)
    throw new UserError(
      `the models are class-conditional (${conditioning.classes} classes), but the batches carry no labels`,
      'read a labelled data set (data/mnist, data/fashion-mnist, an image folder with one subfolder per class)',
    );
  if (check) {
    const values = labels.dataSync();
    const wrong = values.find((label) => label < 0 || label >= conditioning.classes);
    if (wrong !== undefined)
      throw new UserError(
        `a batch holds label ${wrong}, but the models know ${conditioning.classes} classes (0 … ${conditioning.classes - 1})`,
        'set `classes:` of G and D to the number of classes in the data',
      );
  }
  return labels;
}
