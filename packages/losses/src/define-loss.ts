import type { Static, TObject } from '@sinclair/typebox';
import type * as tf from '@tensorflow/tfjs';
import type { ComponentDefinition } from '@granular/core';

/**
 * An adversarial objective, as the two losses each player MINIMIZES, computed from the
 * discriminator's raw outputs (logits), never from probabilities: log σ(x) = −softplus(−x)
 * stays finite where log(sigmoid(x)) underflows.
 */
export interface AdversarialLoss {
  /** Whether D's output is a logit read through a sigmoid (cross-entropy losses) or used raw (least squares, Wasserstein). */
  readonly probabilities: boolean;
  /**
   * D's loss for real and fake logits. `labelSmoothing` s is one-sided label smoothing
   * (Salimans et al. 2016): each loss lowers its own real target by s (1 − s for
   * cross-entropy and hinge, b − s for least squares).
   */
  discriminator(real: tf.Tensor, fake: tf.Tensor, options?: { labelSmoothing?: number }): tf.Scalar;
  /** G's loss for the logits D gives its samples (relativistic losses also read D's logits for real images). */
  generator(fake: tf.Tensor, real?: tf.Tensor): tf.Scalar;
  /** Whether `generator` needs the real logits (the G step then runs D on the real batch too). */
  readonly generatorNeedsReal?: boolean;
}

export interface LossDefinition<Params extends TObject = TObject> extends ComponentDefinition<Params> {
  readonly kind: 'loss';
  create(params: Static<Params>): AdversarialLoss;
}

export function defineLoss<Params extends TObject>(
  definition: Omit<LossDefinition<Params>, 'kind'>,
): LossDefinition<Params> {
  return { kind: 'loss', ...definition };
}
