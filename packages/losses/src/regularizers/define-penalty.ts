import type { Static, TObject } from '@sinclair/typebox';
import type * as tf from '@tensorflow/tfjs';
import type { ComponentDefinition } from '@granular/core';
import type { Critic } from './penalties.ts';

/** What the D step gives every penalty, inside its gradient tape. */
export interface PenaltyInputs {
  /** D as a function of its inputs (one tensor per scale, finest first), in training mode. */
  critic: Critic;
  real: tf.Tensor[];
  fake: tf.Tensor[];
  /** D's outputs on `real`, already computed for the adversarial loss. */
  realOutputs: tf.Tensor[];
  /** ε ~ U(0, 1), one per example, from the step's own random stream (the same on a resume). */
  uniformPerExample(): tf.Tensor1D;
}

export interface PenaltyDefinition<Params extends TObject = TObject> extends ComponentDefinition<Params> {
  readonly kind: 'penalty';
  /**
   * Whether D's update differentiates D's own gradient (R1, WGAN-GP): validation then refuses a
   * discriminator without correct second derivatives in tfjs.
   */
  readonly secondOrder: boolean;
  /** The term added to D's loss (logged as `d_<name>`). */
  compute(inputs: PenaltyInputs, params: Static<Params>): tf.Scalar;
}

/** A regularizer of the D step, chosen in YAML: `penalties: [{ use: r1, with: { gamma: 10 } }]`. */
export function definePenalty<Params extends TObject>(
  definition: Omit<PenaltyDefinition<Params>, 'kind'>,
): PenaltyDefinition<Params> {
  return { kind: 'penalty', ...definition };
}
