/**
 * @granular/models: Generators and discriminators: mlp, dcgan, msg, multi-scale patch discriminators, self-attention.
 * Its stages and components arrive with the issues that build them; until then it registers nothing.
 */
import type { Contribution } from '@granular/core';

export const contribution: Contribution = {};
