import { Type } from '@sinclair/typebox';
import { definePenalty } from '../define-penalty.ts';
import { driftPenalty } from '../penalties.ts';

export const drift = definePenalty({
  name: 'drift',
  summary: 'Drift (Karras et al. 2018): ε·E[D(x)²], keeping a Wasserstein critic’s outputs near 0',
  params: Type.Object(
    { epsilon: Type.Number({ exclusiveMinimum: 0, maximum: 1e6, default: 0.001, description: 'the weight ε' }) },
    { additionalProperties: false },
  ),
  secondOrder: false,
  compute: ({ realOutputs }, { epsilon }) => driftPenalty(realOutputs, epsilon),
});
