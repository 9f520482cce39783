import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineLoss } from '../define-loss.ts';

/**
 * Wasserstein GAN (Arjovsky et al. 2017): the critic maximizes E[D(x)] − E[D(G(z))], so it
 * minimizes E[D(G(z))] − E[D(x)]; G minimizes −E[D(G(z))]. D's output is a score, not a
 * probability. Needs a Lipschitz constraint: use it with the gp penalty (WGAN-GP) and n_critic 5.
 */
export const wasserstein = defineLoss({
  name: 'wasserstein',
  summary: 'Arjovsky et al. 2017: D minimizes E[D(G(z))] − E[D(x)], G minimizes −E[D(G(z))]; pair with the gp penalty',
  params: Type.Object({}, { additionalProperties: false }),
  create: () => ({
    probabilities: false,
    discriminator: (real, fake) => tf.tidy(() => tf.sub(tf.mean(fake), tf.mean(real)) as tf.Scalar),
    generator: (fake) => tf.tidy(() => tf.neg(tf.mean(fake)) as tf.Scalar),
  }),
});
