/**
 * @granular/ops: TensorFlow.js backend selection, kernel gap fills, double-backprop-safe activations and pyramids.
 * Its stages and components arrive with the issues that build them; until then it registers nothing.
 */
import type { Contribution } from '@granular/core';

export const contribution: Contribution = {};
