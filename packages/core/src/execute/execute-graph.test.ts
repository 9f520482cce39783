import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { pipelineFromText } from '../../test/helpers/pipeline-from-text.ts';
import { RunContext } from '../run/run-context.ts';
import { defineStage } from '../stage/define-stage.ts';
import { executeGraph } from './execute-graph.ts';
import { mapAwait, mapExclusive } from './map-await.ts';
import { StageFailure } from './stage-failure.ts';
import type { LoadedPipeline } from '../pipeline/load-pipeline.ts';

const noParams = Type.Object({}, { additionalProperties: false });

/** Observations shared between the test and its stages. */
function probe() {
  return { produced: 0, consumed: 0, maxLag: 0, mapped: 0, created: 0, seen: [] as number[] };
}

function testStages(observed: ReturnType<typeof probe>) {
  return [
    defineStage({
      name: 'test/numbers',
      summary: 'counts how many numbers it produced',
      params: Type.Object({ count: Type.Integer({ default: 100 }) }, { additionalProperties: false }),
      output: 'Number',
      example: '',
      create: ({ count }) => ({
        async *pull() {
          for (let i = 0; i < count; i++) {
            observed.produced += 1;
            observed.maxLag = Math.max(observed.maxLag, observed.produced - observed.consumed);
            yield i;
          }
        },
      }),
    }),
    defineStage({
      name: 'test/slow-sink',
      summary: 'takes 2 ms per item',
      params: noParams,
      input: 'Number',
      output: 'None',
      example: '',
      create: (_, context) =>
        mapAwait(context, async (x: number) => {
          await sleep(2);
          observed.consumed += 1;
          observed.seen.push(x);
        }),
    }),
    defineStage({
      name: 'test/counted-map',
      summary: 'counts its creations and the items it maps',
      params: noParams,
      input: 'Number',
      output: 'Number',
      example: '',
      create: () => {
        observed.created += 1;
        return map((x: number) => {
          observed.mapped += 1;
          return x;
        });
      },
    }),
    defineStage({
      name: 'test/expand',
      summary: 'turns each number n into n·10 … n·10 + 9, pulled one by one; each is a step',
      params: noParams,
      input: 'Number',
      output: 'Number',
      steps: true,
      example: '',
      create: () => ({
        async *expand(n: number) {
          for (let i = 0; i < 10; i++) {
            observed.produced += 1;
            observed.maxLag = Math.max(observed.maxLag, observed.produced - observed.consumed);
            yield n * 10 + i;
          }
        },
      }),
    }),
    defineStage({
      name: 'test/numbers-slowly',
      summary: 'a number every 10 ms, without end: a training loop that only a limit stops',
      params: noParams,
      output: 'Number',
      example: '',
      create: () => ({
        async *pull() {
          for (let i = 0; ; i++) {
            await sleep(10);
            yield i;
          }
        },
      }),
    }),
    defineStage({
      name: 'test/evaluate',
      summary: 'holds the run still for 150 ms per item, as an evaluation does',
      params: noParams,
      input: 'Number',
      output: 'Number',
      example: '',
      create: (_, context) =>
        mapExclusive(context, async (x: number) => {
          await sleep(150);
          observed.seen.push(x);
          return x;
        }),
    }),
    defineStage({
      name: 'test/fail-at',
      summary: 'throws on one item',
      params: Type.Object({ at: Type.Integer() }, { additionalProperties: false }),
      input: 'Number',
      output: 'Number',
      example: '',
      create: ({ at }) =>
        map((x: number) => {
          if (x === at) throw new Error(`item ${x} is bad`);
          return x;
        }),
    }),
  ];
}

function contextFor(loaded: LoadedPipeline, signal?: AbortSignal): RunContext {
  return RunContext.standalone(
    { name: loaded.spec.name, seed: loaded.spec.seed, configHash: loaded.configHash },
    signal ? { signal } : {},
  );
}

describe('executeGraph', () => {
  it('keeps a source at most prefetch + in_flight items ahead of a slow consumer', async () => {
    const observed = probe();
    const loaded = await pipelineFromText(
      `name: bounded
engine: { prefetch: 2, in_flight: 3 }
stages:
  numbers: { use: test/numbers, with: { count: 100 } }
  sink: { use: test/slow-sink, from: numbers }
`,
      { stages: testStages(observed) },
    );
    await executeGraph(loaded.graph, contextFor(loaded), { prefetch: 2, inFlight: 3 });
    expect(observed.consumed).toBe(100);
    expect(observed.seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // produced − consumed ≤ prefetch (2) + in flight (3) + the item being handed over (1)
    expect(observed.maxLag).toBeLessThanOrEqual(6);
    // …and the bound is what held it back: the source did run ahead as far as allowed.
    expect(observed.maxLag).toBeGreaterThanOrEqual(4);
  });

  it('runs a stage read by two others once per item', async () => {
    const observed = probe();
    const loaded = await pipelineFromText(
      `name: shared
stages:
  numbers: { use: test/numbers, with: { count: 10 } }
  shared: { use: test/counted-map, from: numbers }
  one: { use: toy/record, from: shared }
  two: { use: toy/record, from: shared }
`,
      { stages: testStages(observed) },
    );
    const context = contextFor(loaded);
    const recorded: unknown[] = [];
    context.events.listen((event) => event.name === 'item' && recorded.push(event.value));
    await executeGraph(loaded.graph, context, { prefetch: 2, inFlight: 4 });
    expect(observed.created).toBe(1);
    expect(observed.mapped).toBe(10);
    expect(recorded).toHaveLength(20);
  });

  it('passes every n-th item and the last one to a stage with every: n', async () => {
    const observed = probe();
    const loaded = await pipelineFromText(
      `name: every
stages:
  numbers: { use: test/numbers, with: { count: 11 } }
  sink: { use: test/slow-sink, from: numbers, every: 4 }
  plain: { use: test/slow-sink, from: numbers, every: 5, last: false }
`,
      { stages: testStages(observed) },
    );
    await executeGraph(loaded.graph, contextFor(loaded), { prefetch: 2, inFlight: 4 });
    expect([...observed.seen].sort((a, b) => a - b)).toEqual([3, 4, 7, 9, 10]);
  });

  it('stops after max steps', async () => {
    const observed = probe();
    const loaded = await pipelineFromText(
      `name: short
stages:
  numbers: { use: test/numbers, with: { count: 1000 } }
  sink: { use: test/slow-sink, from: numbers }
`,
      { stages: testStages(observed) },
    );
    const status = await executeGraph(loaded.graph, contextFor(loaded), { prefetch: 2, inFlight: 2, maxSteps: 7 });
    expect(status).toBe('limit');
    expect(observed.seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('on a stop request, finishes the items in flight, then completes every stage', async () => {
    const observed = probe();
    const loaded = await pipelineFromText(
      `name: stopped
stages:
  numbers: { use: test/numbers, with: { count: 100000 } }
  sink: { use: test/slow-sink, from: numbers }
  record: { use: toy/record, from: numbers }
`,
      { stages: testStages(observed) },
    );
    const controller = new AbortController();
    const context = contextFor(loaded, controller.signal);
    let flushed: unknown;
    context.events.listen((event) => event.name === 'recorded' && (flushed = event.value));
    setTimeout(() => controller.abort(), 60);
    const status = await executeGraph(loaded.graph, context, { prefetch: 2, inFlight: 2 });
    expect(status).toBe('interrupted');
    expect(observed.consumed).toBeGreaterThan(0);
    expect(observed.consumed).toBeLessThan(1000);
    // Every item taken from the source reached both sinks, and the recorder flushed them all.
    expect(observed.consumed).toBe(context.step);
    expect(flushed).toBe(context.step);
  });

  it('pulls the items of an expanding stage one by one, counting them as the steps', async () => {
    const observed = probe();
    const loaded = await pipelineFromText(
      `name: expanded
stages:
  numbers: { use: toy/count, with: { from: 1, count: 5 } }
  expanded: { use: test/expand, from: numbers }
  sink: { use: test/slow-sink, from: expanded }
`,
      { stages: testStages(observed) },
    );
    const context = contextFor(loaded);
    const status = await executeGraph(loaded.graph, context, { prefetch: 2, inFlight: 2, maxSteps: 25 });
    expect(status).toBe('limit');
    expect(context.step).toBe(25);
    expect(observed.seen).toEqual([
      ...Array.from({ length: 10 }, (_, i) => 10 + i),
      ...Array.from({ length: 10 }, (_, i) => 20 + i),
      30,
      31,
      32,
      33,
      34,
    ]);
    expect(observed.maxLag).toBeLessThanOrEqual(2 + 2 + 1);
  });

  it('stops after max seconds of training, not counting the time exclusive work (an evaluation) held the run', async () => {
    const observed = probe();
    const loaded = await pipelineFromText(
      `name: budget
stages:
  numbers: { use: test/numbers-slowly }
  evaluate: { use: test/evaluate, from: numbers, every_seconds: 0.1 }
`,
      { stages: testStages(observed) },
    );
    const context = contextFor(loaded);
    const started = performance.now();
    const status = await executeGraph(loaded.graph, context, { prefetch: 1, inFlight: 1, maxSeconds: 0.4 });
    const wall = (performance.now() - started) / 1000;
    expect(status).toBe('limit');
    expect(context.clock.seconds()).toBeGreaterThanOrEqual(0.4);
    expect(context.clock.seconds()).toBeLessThan(0.4 + 0.3);
    // Evaluations ran at every 0.1 s of training (about four, and one more for the last item), and their 150 ms did not count.
    expect(observed.seen.length).toBeGreaterThanOrEqual(4);
    expect(wall).toBeGreaterThan(context.clock.seconds() + 0.15 * (observed.seen.length - 0.5));
  });

  it('fails with the stage name and its place in the file', async () => {
    const observed = probe();
    const loaded = await pipelineFromText(
      `name: failing
stages:
  numbers: { use: test/numbers, with: { count: 50 } }
  checked: { use: test/fail-at, from: numbers, with: { at: 5 } }
  sink: { use: test/slow-sink, from: checked }
`,
      { stages: testStages(observed) },
    );
    const failure = await executeGraph(loaded.graph, contextFor(loaded), { prefetch: 2, inFlight: 2 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StageFailure);
    expect((failure as StageFailure).stage).toBe('checked');
    expect((failure as StageFailure).message).toMatch(
      /pipeline\.yaml:4:3  stage 'checked' \(test\/fail-at\) failed: item 5 is bad/,
    );
    // Nothing after the bad item arrives; items still queued behind the slow sink are dropped with the error.
    expect(observed.seen).toEqual([0, 1, 2, 3, 4].slice(0, observed.seen.length));
  });

  it('after a failure, a stage scheduled every n does not get the last item: nothing more is done for a failed run', async () => {
    const observed = probe();
    const loaded = await pipelineFromText(
      `name: failing-with-schedule
stages:
  numbers: { use: test/numbers, with: { count: 50 } }
  checked: { use: test/fail-at, from: numbers, with: { at: 7 } }
  sink: { use: test/slow-sink, from: numbers, every: 5 }
`,
      { stages: testStages(observed) },
    );
    const failure = await executeGraph(loaded.graph, contextFor(loaded), { prefetch: 2, inFlight: 2 }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StageFailure);
    await sleep(50);
    // Item 4 (the 5th) was due; had the failure let the held last item through, 6 or 7 would follow.
    expect(observed.seen).toEqual([4]);
  });
});
