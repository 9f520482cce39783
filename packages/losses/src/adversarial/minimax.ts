import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineLoss } from '../define-loss.ts';
import { discriminatorCrossEntropy } from './cross-entropy.ts';

/**
 * The minimax game of Goodfellow et al. (2014): D maximizes E[log D(x)] + E[log(1 − D(G(z)))],
 * so it minimizes the negative (binary cross-entropy); G minimizes E[log(1 − D(G(z)))] itself.
 * The origin writes both as quantities to minimize without the minus sign: that is wrong.
 * G's gradient vanishes while D rejects its samples confidently; prefer non-saturating.
 *   log(1 − σ(l)) = −softplus(l)
 */
export const minimax = defineLoss({
  name: 'minimax',
  summary:
    'Goodfellow et al. 2014: D minimizes binary cross-entropy; G minimizes E[log(1 − D(G(z)))] (saturates early in training)',
  params: Type.Object({}, { additionalProperties: false }),
  create: () => ({
    probabilities: true,
    discriminator: discriminatorCrossEntropy,
    generator: (fake) => tf.tidy(() => tf.neg(tf.mean(tf.softplus(fake))) as tf.Scalar),
  }),
});
