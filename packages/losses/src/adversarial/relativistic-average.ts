import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { defineLoss } from '../define-loss.ts';

/**
 * Relativistic average GAN (Jolicoeur-Martineau 2019): D estimates whether real data is more
 * realistic than the average fake, and G symmetrically. With C(x) the raw output,
 *   D̃(x_r) = C(x_r) − E[C(x_f)],   D̃(x_f) = C(x_f) − E[C(x_r)];
 * standard (RaSGAN):  L_D = E[softplus(−D̃(x_r))] + E[softplus(D̃(x_f))],
 *                      L_G = E[softplus(−D̃(x_f))] + E[softplus(D̃(x_r))];
 * hinge (RaHinge):     L_D = E[relu(1 − D̃(x_r))] + E[relu(1 + D̃(x_f))],
 *                      L_G = E[relu(1 − D̃(x_f))] + E[relu(1 + D̃(x_r))].
 */
export const relativisticAverage = defineLoss({
  name: 'relativistic-average',
  summary: 'Jolicoeur-Martineau 2019: RaSGAN (form: standard) or RaHinge (form: hinge); G also reads D on reals',
  params: Type.Object(
    {
      form: Type.Union([Type.Literal('standard'), Type.Literal('hinge')], {
        default: 'standard',
        description: 'standard (softplus) or hinge',
      }),
    },
    { additionalProperties: false },
  ),
  create: ({ form }) => {
    const outer = (sign: 1 | -1, x: tf.Tensor) =>
      form === 'standard' ? tf.softplus(tf.mul(-sign, x)) : tf.relu(tf.sub(1, tf.mul(sign, x)));
    /** The loss for `better` being judged more realistic than `worse`, and `worse` less so. */
    const relative = (better: tf.Tensor, worse: tf.Tensor) =>
      tf.tidy(
        () =>
          tf.add(
            tf.mean(outer(1, tf.sub(better, tf.mean(worse)))),
            tf.mean(outer(-1, tf.sub(worse, tf.mean(better)))),
          ) as tf.Scalar,
      );
    return {
      probabilities: false,
      generatorNeedsReal: true,
      discriminator: (real, fake) => relative(real, fake),
      generator: (fake, real) => {
        if (!real) throw new Error('relativistic-average needs the real logits in the G step');
        return relative(fake, real);
      },
    };
  },
});
