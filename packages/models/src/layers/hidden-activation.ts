import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';

export const hiddenActivationParam = Type.Union([Type.Literal('relu'), Type.Literal('leaky_relu'), Type.Literal('elu'), Type.Literal('tanh')], {
  default: 'relu',
  description: 'hidden activation (leaky_relu: slope 0.2)',
});

/** Appends the hidden activation as its own layer (leaky ReLU has no `activation:` string in tfjs). */
export function addHiddenActivation(model: tf.Sequential, activation: 'relu' | 'leaky_relu' | 'elu' | 'tanh'): void {
  model.add(activation === 'leaky_relu' ? tf.layers.leakyReLU({ alpha: 0.2 }) : tf.layers.activation({ activation }));
}
