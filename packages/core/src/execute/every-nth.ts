import type { MonoTypeOperatorFunction } from 'rxjs';
import { passWhenDue } from './pass-when-due.ts';

/**
 * Passes the items that arrive at steps n, 2n, … of the run (`step()`, counted from the
 * run's start, so a resumed run keeps the same schedule). With `last`, the final item also
 * passes when it was not already due, so that work scheduled "every N steps" also happens at
 * the end (and when a run is stopped).
 */
export function everyNth<T>(n: number, last: () => boolean, step: () => number): MonoTypeOperatorFunction<T> {
  return passWhenDue(() => step() % n === 0, last);
}
