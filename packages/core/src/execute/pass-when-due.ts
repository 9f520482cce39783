import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Passes the items for which `due()` says so, asked once per item as it arrives. When `last()`
 * says so as the input completes, the final item also passes when it was not already due, so
 * that work scheduled "every …" also happens at the end (and when a run is stopped; not when it
 * failed: nothing more is done for a run that stops on an error). The schedules of `every:` and
 * `every_seconds:` are built on it.
 */
export function passWhenDue<T>(due: () => boolean, last: () => boolean): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let held: { value: T } | undefined;
      return source.subscribe({
        next(value) {
          if (due()) {
            held = undefined;
            subscriber.next(value);
          } else {
            held = { value };
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          if (held && last()) subscriber.next(held.value);
          subscriber.complete();
        },
      });
    });
}
