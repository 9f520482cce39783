import { Type } from '@sinclair/typebox';
import { definePenalty } from '../define-penalty.ts';
import { gradientPenalty } from '../penalties.ts';

export const gp = definePenalty({
  name: 'gp',
  summary:
    'WGAN-GP (Gulrajani et al. 2017): λ·E[(‖∇D(x̂)‖ − 1)²] on interpolates of real and fake (one ε for every scale); needs D’s second derivatives',
  params: Type.Object(
    { lambda: Type.Number({ exclusiveMinimum: 0, maximum: 1e6, default: 10, description: 'the weight λ' }) },
    { additionalProperties: false },
  ),
  secondOrder: true,
  compute: ({ critic, real, fake, uniformPerExample }, { lambda }) =>
    gradientPenalty(critic, real, fake, lambda, uniformPerExample()),
});
