import { catchError, lastValueFrom, share, Subject, throwError, defaultIfEmpty, type Observable, type OperatorFunction } from 'rxjs';
import type { PipelineGraph, StageNode } from '../graph/stage-node.ts';
import type { RunContext } from '../run/run-context.ts';
import { isStageSource, type StageBehaviour, type StageSource } from '../stage/define-stage.ts';
import { everyNth } from './every-nth.ts';
import { disposeItem, Prefetcher } from './prefetch.ts';
import { StageFailure } from './stage-failure.ts';

export interface ExecuteSettings {
  /** Items each source may produce ahead of the graph. */
  prefetch: number;
  /** Items asynchronous stages may hold before the sources wait. */
  inFlight: number;
  /** Stop taking source items after this many (the run's steps). */
  maxSteps?: number;
}

export type ExecutionStatus = 'completed' | 'interrupted' | 'max-steps';

interface Driver {
  node: StageNode;
  source: StageSource<unknown>;
  subject: Subject<unknown>;
}

/**
 * Runs a validated graph: each stage's operator applied to the shared output of the stage
 * it reads (so a stage read by several others runs once), sources pulled one item at a time
 * and only while the graph keeps up. Resolves when every sink has completed, after a stop
 * request too, so that stages can flush; rejects with a StageFailure naming the stage.
 */
export async function executeGraph(graph: PipelineGraph, context: RunContext, settings: ExecuteSettings): Promise<ExecutionStatus> {
  const outputs = new Map<string, Observable<unknown>>();
  const drivers: Driver[] = [];
  for (const node of graph.nodes) {
    const behaviour = createBehaviour(node, context);
    let output: Observable<unknown>;
    if (node.from === undefined) {
      if (!isStageSource(behaviour)) throw new StageFailure(node.id, node.use, node.location, new Error('a stage without input must return { pull() } from create()'));
      const subject = new Subject<unknown>();
      drivers.push({ node, source: behaviour, subject });
      output = subject.asObservable();
    } else {
      if (isStageSource(behaviour)) throw new StageFailure(node.id, node.use, node.location, new Error('a stage with an input must return an RxJS operator from create()'));
      let input = outputs.get(node.from)!;
      if (node.every !== undefined) input = input.pipe(everyNth(node.every, node.last));
      output = input.pipe(behaviour as OperatorFunction<unknown, unknown>);
    }
    outputs.set(
      node.id,
      output.pipe(
        catchError((error: unknown) => throwError(() => (error instanceof StageFailure ? error : new StageFailure(node.id, node.use, node.location, error)))),
        share(),
      ),
    );
  }

  let failed = false;
  let announceFailure = () => {};
  const failure = new Promise<void>((resolve) => (announceFailure = resolve));
  const sinks = graph.nodes
    .filter((node) => graph.consumers.get(node.id)!.length === 0)
    .map((node) =>
      lastValueFrom(outputs.get(node.id)!.pipe(defaultIfEmpty(undefined))).catch((error: unknown) => {
        failed = true;
        announceFailure();
        throw error;
      }),
    );
  // Collect the first failure without leaving the others unhandled.
  const finished = Promise.all(sinks);
  finished.catch(() => {});

  let status: ExecutionStatus = 'completed';
  const stopRequested = () => failed || context.signal.aborted;
  await Promise.all(
    drivers.map(async (driver) => {
      const result = await drive(driver, context, settings, stopRequested, failure);
      if (result !== 'completed' && status === 'completed') status = result;
    }),
  );
  await finished;
  return status;
}

function createBehaviour(node: StageNode, context: RunContext): StageBehaviour<unknown, unknown> {
  try {
    return node.definition.create(node.params as never, context.forStage(node.id));
  } catch (error) {
    throw new StageFailure(node.id, node.use, node.location, error);
  }
}

async function drive(driver: Driver, context: RunContext, settings: ExecuteSettings, stopRequested: () => boolean, failure: Promise<void>): Promise<ExecutionStatus> {
  const prefetcher = new Prefetcher(driver.source.pull(), settings.prefetch);
  let status: ExecutionStatus = 'completed';
  try {
    for (;;) {
      if (stopRequested()) {
        status = context.signal.aborted ? 'interrupted' : status;
        break;
      }
      if (settings.maxSteps !== undefined && context.step >= settings.maxSteps) {
        status = 'max-steps';
        break;
      }
      const next = await prefetcher.next();
      if (next.done) break;
      if (stopRequested()) {
        disposeItem(next.value);
        status = context.signal.aborted ? 'interrupted' : status;
        break;
      }
      context.advance();
      driver.subject.next(next.value);
      // A failed stage never releases what it holds; stop waiting for it.
      await Promise.race([context.work.atMost(settings.inFlight), failure]);
    }
    await prefetcher.close();
    driver.subject.complete();
  } catch (error) {
    await prefetcher.close().catch(() => {});
    driver.subject.error(new StageFailure(driver.node.id, driver.node.use, driver.node.location, error));
  }
  return status;
}
