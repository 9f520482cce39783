import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineLoss } from '../define-loss.ts';

/**
 * Least squares GAN (Mao et al. 2017), the origin's "mean squared error": on D's raw output,
 *   L_D = ½ E[(D(x) − b)²] + ½ E[(D(G(z)) − a)²],   L_G = ½ E[(D(G(z)) − c)²].
 * Defaults a = 0, b = 1, c = 1 (the 0-1 coding); Mao et al. also use a = −1, b = 1, c = 0.
 * Label smoothing s makes the real target b − s.
 */
export const leastSquares = defineLoss({
  name: 'least-squares',
  summary: 'Mao et al. 2017 (LSGAN): squared distance of D outputs to targets a (fake), b (real), c (what G wants)',
  params: Type.Object(
    {
      a: Type.Number({ default: 0, description: 'target for fakes in D loss' }),
      b: Type.Number({ default: 1, description: 'target for reals in D loss' }),
      c: Type.Number({ default: 1, description: 'target G pushes its fakes towards' }),
    },
    { additionalProperties: false },
  ),
  create: ({ a, b, c }) => ({
    probabilities: false,
    discriminator: (real, fake, options = {}) =>
      tf.tidy(
        () =>
          tf.mul(
            0.5,
            tf.add(
              tf.mean(tf.square(tf.sub(real, b - (options.labelSmoothing ?? 0)))),
              tf.mean(tf.square(tf.sub(fake, a))),
            ),
          ) as tf.Scalar,
      ),
    generator: (fake) => tf.tidy(() => tf.mul(0.5, tf.mean(tf.square(tf.sub(fake, c)))) as tf.Scalar),
  }),
});
