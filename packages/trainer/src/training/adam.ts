import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { FusedAdamOptimizer } from '@granular/ops';

/** Adam's hyper-parameters as every train stage takes them; defaults are the DCGAN paper's (and the origin's). */
export const adamParams = {
  lr: Type.Number({ exclusiveMinimum: 0, default: 2e-4, description: 'learning rate' }),
  beta1: Type.Number({ minimum: 0, exclusiveMaximum: 1, default: 0.5, description: "Adam's β1" }),
  beta2: Type.Number({ minimum: 0, exclusiveMaximum: 1, default: 0.999, description: "Adam's β2" }),
};

/** tfjs's Adam; on tfjs-node each variable's update is one TensorFlow op (see FusedAdamOptimizer). */
export function createAdam(params: { lr: number; beta1: number; beta2: number }): tf.AdamOptimizer {
  return new FusedAdamOptimizer(params.lr, params.beta1, params.beta2);
}
