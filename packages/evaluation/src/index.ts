/**
 * @granular/evaluation: Metric stages, the in-project classifier and sample grids.
 * Its stages and components arrive with the issues that build them; until then it registers nothing.
 */
import type { Contribution } from '@granular/core';

export const contribution: Contribution = {};
