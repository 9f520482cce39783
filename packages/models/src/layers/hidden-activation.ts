import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { LeakyReLU } from './custom-layers.ts';

export const hiddenActivationParam = Type.Union(
  [Type.Literal('relu'), Type.Literal('leaky_relu'), Type.Literal('elu'), Type.Literal('tanh')],
  {
    default: 'relu',
    description: 'hidden activation (leaky_relu: slope 0.2)',
  },
);

export type HiddenActivation = 'relu' | 'leaky_relu' | 'elu' | 'tanh';

/**
 * The hidden activation as its own layer. Discriminators ask for `secondOrder`: their leaky
 * ReLU is then Granular's (which has a second derivative) rather than tfjs's.
 */
export function hiddenActivation(activation: HiddenActivation, secondOrder = false): tf.layers.Layer {
  if (activation === 'leaky_relu')
    return secondOrder ? new LeakyReLU({ alpha: 0.2 }) : tf.layers.leakyReLU({ alpha: 0.2 });
  return tf.layers.activation({ activation });
}

/**
 * tfjs 4.22 has no second derivative through elu, and a wrong one through tanh (its gradient
 * reuses the saved output, which the second-order tape does not follow): a penalty on such a
 * discriminator would be silently wrong.
 */
export function secondOrderProblem(activation: HiddenActivation): string | undefined {
  if (activation === 'elu') return 'its elu activation has no second derivative in tfjs 4.22 (use leaky_relu or relu)';
  if (activation === 'tanh')
    return 'tfjs 4.22 computes the second derivative through tanh wrongly (use leaky_relu or relu)';
  return undefined;
}

/** Self-attention's softmax has the same flaw as tanh: its gradient reuses the saved output. */
export function attentionSecondOrderProblem(attentionAt: readonly number[]): string | undefined {
  return attentionAt.length > 0
    ? 'tfjs 4.22 computes the second derivative through self-attention’s softmax wrongly (remove attention_at from the discriminator, or the penalty)'
    : undefined;
}
