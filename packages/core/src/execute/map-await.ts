import { concatMap, tap, type OperatorFunction } from 'rxjs';
import type { StageContext } from '../run/stage-context.ts';
import type { WorkTracker } from '../run/work-tracker.ts';

/** Maps items through an async function one at a time, in order, each counted as work from its arrival until its result leaves. */
function mapCounted<In, Out>(
  enter: () => void,
  leave: () => void,
  project: (item: In) => Promise<Out> | Out,
): OperatorFunction<In, Out> {
  return (source) =>
    source.pipe(
      tap(() => enter()),
      concatMap(async (item) => {
        try {
          return await project(item);
        } finally {
          leave();
        }
      }),
    );
}

/**
 * Maps each item through an async function, one at a time and in order, counting each item
 * from its arrival until its result leaves: the sources see how much is waiting and hold back.
 * Stages do their asynchronous work (files, images, metrics) through this operator.
 */
export function mapAwait<In, Out>(
  context: Pick<StageContext, 'work'>,
  project: (item: In) => Promise<Out> | Out,
): OperatorFunction<In, Out> {
  const work: WorkTracker = context.work;
  return mapCounted(
    () => work.enter(),
    () => work.leave(),
    project,
  );
}

/**
 * Like mapAwait, but no source emits another item until this one's work is done: for work
 * that must see the run stand still, such as a checkpoint reading weights the next training
 * step would change.
 */
export function mapExclusive<In, Out>(
  context: Pick<StageContext, 'work'>,
  project: (item: In) => Promise<Out> | Out,
): OperatorFunction<In, Out> {
  const work: WorkTracker = context.work;
  return mapCounted(
    () => work.enterExclusive(),
    () => work.leaveExclusive(),
    project,
  );
}
