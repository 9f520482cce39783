/**
 * @granular/data: Data sources, preprocessing, batching and the multi-scale features stage.
 * Its stages and components arrive with the issues that build them; until then it registers nothing.
 */
import type { Contribution } from '@granular/core';

export const contribution: Contribution = {};
