import { classifierScore } from './classifier-score.ts';
import { fcd } from './fcd.ts';
import { fcdPerClass } from './fcd-per-class.ts';
import { labelAccuracy } from './label-accuracy.ts';
import { kid } from './kid.ts';
import { modes } from './modes.ts';
import { nnRatio } from './nearest-neighbour-ratio.ts';
import { prdc } from './prdc.ts';
import { swd } from './swd.ts';

/** The metrics Granular ships. A new one is a file beside these and a line here. */
export const BUILTIN_METRICS = [fcd, kid, prdc, modes, classifierScore, swd, nnRatio, labelAccuracy, fcdPerClass];

/** What `eval/metrics` and `granular eval` compute when not told, in this order. */
export const DEFAULT_METRICS = ['fcd', 'kid', 'prdc', 'modes', 'classifier_score', 'swd'];
