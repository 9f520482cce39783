import { Observable, type MonoTypeOperatorFunction } from 'rxjs';

/**
 * Passes the items for which `due()` says so, asked once per item as it arrives. With `last`,
 * the final item also passes when it was not already due, so that work scheduled "every …"
 * also happens at the end (and when a run is stopped). The schedules of `every:` and
 * `every_seconds:` are built on it.
 */
export function passWhenDue<T>(due: () => boolean, last: boolean): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      let held: { value: T } | undefined;
      return source.subscribe({
        next(value) {
          if (due()) {
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
