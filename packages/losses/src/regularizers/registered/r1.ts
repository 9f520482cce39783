import { Type } from '@sinclair/typebox';
import { definePenalty } from '../define-penalty.ts';
import { r1Penalty } from '../penalties.ts';

export const r1 = definePenalty({
  name: 'r1',
  summary: 'R1 (Mescheder et al. 2018): γ/2·E‖∇D(x)‖² on real images (mean over scales); needs D’s second derivatives',
  params: Type.Object(
    { gamma: Type.Number({ exclusiveMinimum: 0, maximum: 1e6, default: 10, description: 'the weight γ' }) },
    { additionalProperties: false },
  ),
  secondOrder: true,
  compute: ({ critic, real }, { gamma }) => r1Penalty(critic, real, gamma),
});
