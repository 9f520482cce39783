import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { BatchNormalization } from './batch-normalization.ts';
import { ClassAffine, ClassEmbedding } from './class-layers.ts';
import type { SeededInitializers } from './seeded-initializers.ts';

type Node = tf.SymbolicTensor;

// How a model is made class-conditional: the parameters every conditional model takes, and the
// pieces its graph is built from. A conditional model has an input named `label` (after its
// images or z) and a layer named `class_embedding` or `class_logits`: training, evaluation and
// export read these names, so a plugin model becomes conditional the same way.

export const LABEL_INPUT = 'label';
export const CLASS_EMBEDDING = 'class_embedding';
export const CLASS_LOGITS = 'class_logits';

export const classesParam = Type.Optional(
  Type.Integer({
    minimum: 2,
    maximum: 10000,
    description:
      'class-conditional: the number of classes (labels 0 … classes − 1); leave out for an unconditional model',
  }),
);

export const classEmbeddingParam = Type.Integer({
  minimum: 1,
  maximum: 4096,
  default: 16,
  description: 'class-conditional G: size of the learned class embedding joined to z',
});

export const conditionParam = Type.Union([Type.Literal('projection'), Type.Literal('acgan')], {
  default: 'projection',
  description:
    "class-conditional D: projection (Miyato & Koyama 2018: the logit gains ⟨embed(y), features⟩) or acgan (Odena et al. 2017: a second head classifies the image; the train stages' class_weight weighs its loss)",
});

/** The label input of a conditional model: one class index per example, as a float column. */
function labelInput(): Node {
  return tf.input({ shape: [1], name: LABEL_INPUT });
}

/** What a generator starts from: its inputs (z, and a conditional G's labels) and the node its layers build on. */
export interface GeneratorStart {
  inputs: Node[];
  /** z, or z joined to a learned embedding of its class. */
  start: Node;
  /** The label input of a conditional G (conditional batch norm reads it). */
  label?: Node;
}

/** z (and, with `classes:`, the label and the class embedding joined to z). */
export function generatorStart(
  params: { latent: number; classes?: number | undefined; class_embedding: number },
  init: SeededInitializers,
): GeneratorStart {
  const z = tf.input({ shape: [params.latent], name: 'z' });
  if (params.classes === undefined) return { inputs: [z], start: z };
  const label = labelInput();
  const embedded = new ClassEmbedding({
    classes: params.classes,
    size: params.class_embedding,
    initializer: init.glorot(),
    name: CLASS_EMBEDDING,
  }).apply(label) as Node;
  return { inputs: [z, label], start: tf.layers.concatenate().apply([z, embedded]) as Node, label };
}

/**
 * Batch norm, conditional when `label` is given: normalization without its own scale and
 * centre, then a per-class scale and shift (conditional batch norm).
 */
export function batchNorm(
  x: Node,
  label: Node | undefined,
  classes: number | undefined,
  config: { momentum?: number } = {},
): Node {
  if (!label || classes === undefined) return new BatchNormalization(config).apply(x) as Node;
  const normalized = new BatchNormalization({ ...config, center: false, scale: false }).apply(x) as Node;
  return new ClassAffine({ classes }).apply([normalized, label]) as Node;
}

/** What a discriminator's last features become: the real/fake logit, and what conditioning adds. */
export interface HeadOptions {
  classes?: number | undefined;
  condition: 'projection' | 'acgan';
  /** The dense layer to use (a spectrally normalized one when D asks for it). */
  dense: (config: { units: number; name?: string }) => tf.layers.Layer;
  init: SeededInitializers;
}

/**
 * D's head on its flattened features h: one logit ψ(h); with projection, ψ(h) + ⟨embed(y), h⟩
 * (the label is an input); with acgan, a second output of class logits named `class_logits`.
 * Returns D's outputs and the label input when it takes one.
 */
export function discriminatorHead(h: Node, options: HeadOptions): { outputs: Node[]; label?: Node } {
  const logit = options.dense({ units: 1 }).apply(h) as Node;
  if (options.classes === undefined) return { outputs: [logit] };
  if (options.condition === 'acgan')
    return { outputs: [logit, options.dense({ units: options.classes, name: CLASS_LOGITS }).apply(h) as Node] };
  const label = labelInput();
  const features = h.shape.at(-1)!;
  const embedded = new ClassEmbedding({
    classes: options.classes,
    size: features,
    initializer: options.init.glorot(),
    name: CLASS_EMBEDDING,
  }).apply(label) as Node;
  const projection = tf.layers.dot({ axes: 1 }).apply([h, embedded]) as Node;
  return { outputs: [tf.layers.add().apply([logit, projection]) as Node], label };
}
