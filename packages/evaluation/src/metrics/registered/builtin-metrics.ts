import { classifierScore } from './classifier-score.ts';
import { fcd } from './fcd.ts';
import { kid } from './kid.ts';
import { modes } from './modes.ts';
import { prdc } from './prdc.ts';
import { swd } from './swd.ts';

/** The metrics Granular ships, in the order an evaluation runs them by default. A new one is a file beside these and a line here. */
export const BUILTIN_METRICS = [fcd, kid, prdc, modes, classifierScore, swd];
