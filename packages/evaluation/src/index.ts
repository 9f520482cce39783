/**
 * @granular/evaluation: how a run is judged: sample grids, the discriminator on held-out
 * data, and (next) metrics computed with an in-project classifier.
 */
import type { Contribution } from '@granular/core';
import { discriminatorEval } from './stages/discriminator-eval.ts';
import { samples } from './stages/samples.ts';

export const contribution: Contribution = { stages: [samples, discriminatorEval] };
