/**
 * @granular/losses: adversarial objectives, registered by name (`loss: non-saturating` in a
 * train stage). Each gives the loss D minimizes and the loss G minimizes, from logits.
 */
import type { Contribution } from '@granular/core';
import { leastSquares } from './adversarial/least-squares.ts';
import { minimax } from './adversarial/minimax.ts';
import { nonSaturating } from './adversarial/non-saturating.ts';
import { hinge } from './adversarial/hinge.ts';
import { relativisticAverage } from './adversarial/relativistic-average.ts';
import { wasserstein } from './adversarial/wasserstein.ts';
import { BUILTIN_PENALTIES } from './regularizers/registered/builtin-penalties.ts';

export { defineLoss, type AdversarialLoss, type LossDefinition } from './define-loss.ts';
export { crossEntropyWithLogits } from './adversarial/cross-entropy.ts';
export { classLoss } from './conditional/class-loss.ts';
export { minimax, nonSaturating, leastSquares, wasserstein, hinge, relativisticAverage };
export { r1Penalty, gradientPenalty, driftPenalty, type Critic } from './regularizers/penalties.ts';
export { definePenalty, type PenaltyDefinition, type PenaltyInputs } from './regularizers/define-penalty.ts';
export { BUILTIN_PENALTIES };

export const contribution: Contribution = {
  losses: [minimax, nonSaturating, leastSquares, wasserstein, hinge, relativisticAverage],
  penalties: BUILTIN_PENALTIES,
};
