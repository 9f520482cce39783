import { drift } from './drift.ts';
import { gp } from './gp.ts';
import { r1 } from './r1.ts';

/** The penalties Granular ships. A new one is a file beside these and a line here. */
export const BUILTIN_PENALTIES = [r1, gp, drift];
