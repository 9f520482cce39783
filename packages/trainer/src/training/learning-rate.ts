import type * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';

export const learningRateParams = {
  lr_schedule: Type.Union([Type.Literal('constant'), Type.Literal('linear')], {
    default: 'constant',
    description: 'constant, or linear decay from lr to lr_end over lr_steps steps',
  }),
  lr_end: Type.Number({ minimum: 0, default: 0, description: 'the learning rate a linear schedule ends at' }),
  lr_steps: Type.Integer({ minimum: 1, default: 10000, description: 'steps a linear schedule takes' }),
};

/** The learning rate at `step` (1-based): constant, or linear from lr to lr_end, then held. */
export function learningRateAt(
  step: number,
  params: { lr: number; lr_schedule: 'constant' | 'linear'; lr_end: number; lr_steps: number },
): number {
  if (params.lr_schedule === 'constant') return params.lr;
  const progress = Math.min(1, (step - 1) / params.lr_steps);
  return params.lr + (params.lr_end - params.lr) * progress;
}

/** tfjs's optimizers read `learningRate` at every update but declare it protected; schedules set it between steps. */
export function setLearningRate(optimizer: tf.Optimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}
