import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineLoss } from '../define-loss.ts';

/**
 * Hinge loss (Lim and Ye 2017; Miyato et al. 2018; SAGAN, BigGAN):
 *   L_D = E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))],   L_G = −E[D(G(z))].
 * Label smoothing s moves the real margin: max(0, 1 − s − D(x)).
 */
export const hinge = defineLoss({
  name: 'hinge',
  summary: 'Hinge: D minimizes E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))], G minimizes −E[D(G(z))]',
  params: Type.Object({}, { additionalProperties: false }),
  create: () => ({
    probabilities: false,
    discriminator: (real, fake, options = {}) =>
      tf.tidy(
        () =>
          tf.add(
            tf.mean(tf.relu(tf.sub(1 - (options.labelSmoothing ?? 0), real))),
            tf.mean(tf.relu(tf.add(1, fake))),
          ) as tf.Scalar,
      ),
    generator: (fake) => tf.tidy(() => tf.neg(tf.mean(fake)) as tf.Scalar),
  }),
});
