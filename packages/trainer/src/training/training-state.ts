import type * as tf from '@tensorflow/tfjs';
import type { StageContext } from '@granular/core';
import type { AdversarialLoss } from '@granular/losses';
import { checkpointOptimizer } from '../checkpoints/optimizer-state.ts';
import { createAdam } from './adam.ts';
import { resolveLoss } from './resolve-loss.ts';

/**
 * What a train stage holds for the run: its loss and its own Adam, registered so that
 * checkpoints save it, and restored from the checkpoint when the run resumes.
 */
export function trainingState(
  context: StageContext,
  params: { loss: string; loss_params: Record<string, unknown>; lr: number; beta1: number; beta2: number },
): { loss: AdversarialLoss; optimizer: tf.AdamOptimizer } {
  const loss = resolveLoss(context, params.loss, params.loss_params);
  const optimizer = createAdam(params);
  checkpointOptimizer(context, optimizer);
  return { loss, optimizer };
}
