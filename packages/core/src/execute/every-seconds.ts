import { defer, type MonoTypeOperatorFunction } from 'rxjs';
import { passWhenDue } from './pass-when-due.ts';

/**
 * Passes an item each time the training clock (`seconds()`) has crossed the next multiple of
 * `period` since the last item passed: "every 60 seconds of training", on a schedule measured
 * from the run's start, so a resumed run keeps it. Several marks crossed during one slow item
 * pass it once. With `last`, the final item also passes when it was not already due.
 */
export function everySeconds<T>(
  period: number,
  last: () => boolean,
  seconds: () => number,
): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      let nextMark: number | undefined;
      const due = () => {
        const now = seconds();
        // The first mark after where the clock stood when the first item came (0, or a resumed run's time).
        nextMark ??= (Math.floor(now / period) + 1) * period;
        if (now < nextMark) return false;
        nextMark = (Math.floor(now / period) + 1) * period;
        return true;
      };
      return source.pipe(passWhenDue<T>(due, last));
    });
}
