import { Observable, type OperatorFunction } from 'rxjs';
import { disposeItem } from './prefetch.ts';

/**
 * Maps each item to a new one that lives only while it travels downstream: once the
 * synchronous push of the result returns, its `dispose()` (if any) is called. This is how a
 * stage that makes tensors (an image pyramid) hands them on without leaking them. A
 * downstream stage that keeps them for later must clone them.
 */
export function mapScoped<In, Out>(project: (item: In) => Out): OperatorFunction<In, Out> {
  return (source) =>
    new Observable<Out>((subscriber) =>
      source.subscribe({
        next(item) {
          let result: Out;
          try {
            result = project(item);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          try {
            subscriber.next(result);
          } finally {
            disposeItem(result);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
