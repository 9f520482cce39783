import {
  catchError,
  defaultIfEmpty,
  lastValueFrom,
  share,
  Subject,
  tap,
  throwError,
  type Observable,
  type OperatorFunction,
} from 'rxjs';
import { sideInputIds } from '../graph/check-references.ts';
import type { PipelineGraph, StageNode } from '../graph/stage-node.ts';
import type { RunContext } from '../run/run-context.ts';
import { isStageExpansion, isStageSource, type StageBehaviour } from '../stage/define-stage.ts';
import { everyNth } from './every-nth.ts';
import { everySeconds } from './every-seconds.ts';
import { disposeItem, Prefetcher } from './prefetch.ts';
import { StageFailure } from './stage-failure.ts';

export interface ExecuteSettings {
  /** Items each source may produce ahead of the graph. */
  prefetch: number;
  /** Items asynchronous stages may hold before the sources wait. */
  inFlight: number;
  /** Stop after this many steps. */
  maxSteps?: number;
  /** Stop once this many seconds of training have passed (the context's training clock). */
  maxSeconds?: number;
  /** Stages whose outputs are published for `context.sideInput` even if no stage reads them so. */
  publish?: readonly string[];
}

/** `limit`: a --max-steps or --max-time bound stopped the run (its stages still flushed). */
export type ExecutionStatus = 'completed' | 'interrupted' | 'limit';

/** Shared by every pump of one execution: why to stop, and how to wait for a failure. */
interface Control {
  context: RunContext;
  settings: ExecuteSettings;
  stopReason(): ExecutionStatus | 'failed' | undefined;
  reachedLimit(): void;
  failure: Promise<void>;
}

/**
 * Runs a validated graph: each stage's operator applied to the shared output of the stage
 * it reads (so a stage read by several others runs once), items pulled from sources (and
 * from expanding stages, such as a dataset turned into batches) one at a time and only while
 * the graph keeps up. Each pulled item is disposed once its synchronous trip through the
 * graph returns; stages that keep tensors longer clone them. Resolves when every sink has
 * completed, after a stop request too, so that stages can flush; rejects with a StageFailure.
 */
export async function executeGraph(
  graph: PipelineGraph,
  context: RunContext,
  settings: ExecuteSettings,
): Promise<ExecutionStatus> {
  const outputs = new Map<string, Observable<unknown>>();
  const pumps: Promise<ExecutionStatus>[] = [];
  let failed = false;
  let limitReached = false;
  let announceFailure = () => {};
  const control: Control = {
    context,
    settings,
    failure: new Promise<void>((resolve) => (announceFailure = resolve)),
    stopReason: () => (failed ? 'failed' : context.signal.aborted ? 'interrupted' : limitReached ? 'limit' : undefined),
    reachedLimit: () => (limitReached = true),
  };
  const anyStepStage = graph.nodes.some((node) => node.definition.steps === true);
  const starters: (() => void)[] = [];
  const published = new Set([...sideInputIds(graph.nodes), ...(settings.publish ?? [])]);

  for (const node of graph.nodes) {
    const behaviour = createBehaviour(node, context);
    const countsSteps = node.definition.steps === true || (!anyStepStage && node.from === undefined);
    let output: Observable<unknown>;
    if (node.from === undefined) {
      if (!isStageSource(behaviour))
        throw new StageFailure(
          node.id,
          node.use,
          node.location,
          new Error('a stage without input must return { pull() } from create()'),
        );
      const subject = new Subject<unknown>();
      starters.push(() => pumps.push(drive(node, subject, () => behaviour.pull(), countsSteps, control)));
      output = subject.asObservable();
    } else {
      let input = outputs.get(node.from)!;
      // The last item is done at the end and at a stop, not after a failure.
      const last = () => node.last && !failed;
      if (node.every !== undefined) input = input.pipe(everyNth(node.every, last, () => context.step));
      if (node.everySeconds !== undefined)
        input = input.pipe(everySeconds(node.everySeconds, last, () => context.clock.seconds()));
      if (isStageSource(behaviour))
        throw new StageFailure(
          node.id,
          node.use,
          node.location,
          new Error('a stage with an input must return an RxJS operator or { expand() } from create()'),
        );
      if (isStageExpansion(behaviour)) {
        const subject = new Subject<unknown>();
        const { done } = expandEach(node, input, subject, (item) => behaviour.expand(item), countsSteps, control);
        pumps.push(done);
        output = subject.asObservable();
      } else {
        output = input.pipe(behaviour as OperatorFunction<unknown, unknown>);
      }
    }
    if (published.has(node.id))
      output = output.pipe(
        tap({ next: (value) => context.publish(node.id, value), complete: () => context.publishEnd(node.id) }),
      );
    outputs.set(
      node.id,
      output.pipe(
        catchError((error: unknown) =>
          throwError(() =>
            error instanceof StageFailure ? error : new StageFailure(node.id, node.use, node.location, error),
          ),
        ),
        share(),
      ),
    );
  }

  const sinks = graph.nodes
    .filter((node) => graph.consumers.get(node.id)!.length === 0)
    .map((node) =>
      lastValueFrom(outputs.get(node.id)!.pipe(defaultIfEmpty(undefined))).catch((error: unknown) => {
        failed = true;
        announceFailure();
        throw error;
      }),
    );
  await context.runStartTasks();
  const finished = Promise.all(sinks);
  finished.catch(() => {}); // awaited below; this only keeps an early failure from being reported as unhandled
  context.clock.start();
  for (const start of starters) start();

  // A failure answers at once: work still in flight elsewhere (an evaluation) is not waited for.
  const [statuses] = await Promise.all([Promise.all(pumps), finished]);
  return statuses.find((status) => status !== 'completed') ?? 'completed';
}

function createBehaviour(node: StageNode, context: RunContext): StageBehaviour<unknown, unknown> {
  try {
    return node.definition.create(node.params as never, context.forStage(node.id));
  } catch (error) {
    throw new StageFailure(node.id, node.use, node.location, error);
  }
}

/** Pulls a source's items into its subject, then completes it (or errors it, naming the stage). */
async function drive(
  node: StageNode,
  subject: Subject<unknown>,
  pull: () => AsyncIterable<unknown>,
  countsSteps: boolean,
  control: Control,
): Promise<ExecutionStatus> {
  try {
    const status = await pump(
      pull(),
      (item) => subject.next(item),
      countsSteps,
      control,
      () => 0,
    );
    subject.complete();
    return status;
  } catch (error) {
    subject.error(error instanceof StageFailure ? error : new StageFailure(node.id, node.use, node.location, error));
    return 'completed';
  }
}

/**
 * An expanding stage: each input item opens an iterable whose items are pulled like a
 * source's. Input items wait in a queue (counted as work in flight, so their producer waits).
 */
function expandEach(
  node: StageNode,
  input: Observable<unknown>,
  subject: Subject<unknown>,
  expand: (item: unknown) => AsyncIterable<unknown>,
  countsSteps: boolean,
  control: Control,
): { done: Promise<ExecutionStatus> } {
  const queue: unknown[] = [];
  let inputDone = false;
  let wake = () => {};
  const done = (async (): Promise<ExecutionStatus> => {
    let status: ExecutionStatus = 'completed';
    try {
      for (;;) {
        if (queue.length === 0) {
          if (inputDone) break;
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        const item = queue.shift();
        try {
          // The inputs this stage holds (the current one and the queue) do not count against its own outputs.
          if (status === 'completed')
            status = await pump(
              expand(item),
              (output) => subject.next(output),
              countsSteps,
              control,
              () => queue.length + 1,
            );
        } finally {
          control.context.work.leave();
        }
      }
      subject.complete();
    } catch (error) {
      subject.error(error instanceof StageFailure ? error : new StageFailure(node.id, node.use, node.location, error));
    }
    return status;
  })();
  input.subscribe({
    next(item) {
      control.context.work.enter();
      queue.push(item);
      wake();
    },
    error(error: unknown) {
      subject.error(error);
      inputDone = true;
      wake();
    },
    complete() {
      inputDone = true;
      wake();
    },
  });
  return { done };
}

function reachedLimit(context: RunContext, settings: ExecuteSettings): boolean {
  if (settings.maxSteps !== undefined && context.step >= settings.maxSteps) return true;
  return settings.maxSeconds !== undefined && context.clock.seconds() >= settings.maxSeconds;
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Pulls items one at a time, emitting each and waiting while the graph holds too much. */
async function pump(
  iterable: AsyncIterable<unknown>,
  emit: (item: unknown) => void,
  countsSteps: boolean,
  control: Control,
  held: () => number,
): Promise<ExecutionStatus> {
  const { context, settings } = control;
  const prefetcher = new Prefetcher(iterable, settings.prefetch);
  try {
    for (;;) {
      const reason = control.stopReason();
      if (reason) return reason === 'failed' ? 'completed' : reason;
      if (countsSteps && reachedLimit(context, settings)) {
        control.reachedLimit();
        return 'limit';
      }
      const next = await prefetcher.next();
      if (next.done) return 'completed';
      if (control.stopReason()) {
        disposeItem(next.value);
        continue;
      }
      if (countsSteps) context.advance();
      try {
        emit(next.value);
      } finally {
        disposeItem(next.value);
      }
      // A failed stage never releases what it holds; stop waiting for it.
      await Promise.race([context.work.atMost(settings.inFlight + held()), control.failure]);
      // Items in memory resolve as microtasks only; without a macrotask turn, signals (Ctrl-C),
      // timers and file callbacks would wait until the whole run is over.
      await yieldToEventLoop();
    }
  } finally {
    await prefetcher.close();
  }
}
