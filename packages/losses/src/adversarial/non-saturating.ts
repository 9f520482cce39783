import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineLoss } from '../define-loss.ts';
import { discriminatorCrossEntropy } from './cross-entropy.ts';

/**
 * The non-saturating GAN (Goodfellow et al. 2014, §3): D as in minimax; G maximizes
 * E[log D(G(z))], i.e. minimizes −E[log σ(l)] = E[softplus(−l)], which keeps its gradient
 * strong while D wins. The origin's L_G = E[log D(G(z))] is this quantity without its sign.
 */
export const nonSaturating = defineLoss({
  name: 'non-saturating',
  summary: 'Goodfellow et al. 2014: D minimizes binary cross-entropy; G minimizes −E[log D(G(z))] (the usual choice)',
  params: Type.Object({}, { additionalProperties: false }),
  create: () => ({
    probabilities: true,
    discriminator: discriminatorCrossEntropy,
    generator: (fake) => tf.tidy(() => tf.mean(tf.softplus(tf.neg(fake))) as tf.Scalar),
  }),
});
