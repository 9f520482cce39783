import { Type } from '@sinclair/typebox';
import { registryRef } from '@granular/core';
import { adamParams } from '../training/adam.ts';
import { learningRateParams } from '../training/learning-rate.ts';

/** Parameters every adversarial train stage shares: the two models, the loss, and Adam. */
export const adversarialParams = {
  generator: registryRef('model', { default: 'G', description: 'the generator, a name under models:' }),
  discriminator: registryRef('model', { default: 'D', description: 'the discriminator, a name under models:' }),
  loss: registryRef('loss', {
    default: 'non-saturating',
    description: 'minimax, non-saturating or least-squares (or a plugin loss)',
  }),
  loss_params: Type.Object(
    {},
    { additionalProperties: true, default: {}, description: "the loss's own parameters (least-squares: a, b, c)" },
  ),
  ...adamParams,
  ...learningRateParams,
  class_weight: Type.Number({
    minimum: 0,
    maximum: 1000,
    default: 1,
    description:
      "ACGAN (a D with condition: acgan): weight of the auxiliary classifier's loss (D: on reals and fakes; G: on its fakes)",
  }),
  scale_weights: Type.Array(Type.Number({ minimum: 0 }), {
    default: [],
    description: "per-scale weights of the loss over a multi-output D's outputs, finest first (default: equal)",
  }),
};
