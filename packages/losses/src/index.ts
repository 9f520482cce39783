/**
 * @granular/losses: Adversarial losses and regularizers.
 * Its stages and components arrive with the issues that build them; until then it registers nothing.
 */
import type { Contribution } from '@granular/core';

export const contribution: Contribution = {};
