import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Passes every n-th item (the n-th, 2n-th, …). With `last`, the final item also passes when
 * it was not already due, so that work scheduled "every N steps" also happens at the end.
 */
export function everyNth<T>(n: number, last: boolean): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let count = 0;
      let held: { value: T } | undefined;
      return source.subscribe({
        next(value) {
          count += 1;
          if (count % n === 0) {
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
