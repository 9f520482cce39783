import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Passes an item each time the training clock (`seconds()`) has crossed the next multiple of
 * `period` since the last item passed: "every 60 seconds of training", on a schedule measured
 * from the run's start, so a resumed run keeps it. Several marks crossed during one slow item
 * pass it once. With `last`, the final item also passes when it was not already due.
 */
export function everySeconds<T>(period: number, last: boolean, seconds: () => number): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let nextMark: number | undefined;
      let held: { value: T } | undefined;
      return source.subscribe({
        next(value) {
          const now = seconds();
          // The first mark after where the clock stood when the first item came (0, or a resumed run's time).
          nextMark ??= (Math.floor(now / period) + 1) * period;
          if (now >= nextMark) {
            nextMark = (Math.floor(now / period) + 1) * period;
            held = undefined;
            subscriber.next(value);
          } else if (last) {
            held = { value };
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          if (held) subscriber.next(held.value);
          subscriber.complete();
        },
      });
    });
}
