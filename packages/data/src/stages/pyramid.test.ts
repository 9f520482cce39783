import * as tf from '@tensorflow/tfjs';
import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { RunContext, UserError } from '@granular/core';
import { avgPoolPyramid, laplacianPyramid } from '@granular/ops';
import { makeBatch, type Batch } from '../batching/batch.ts';
import type { PyramidBatch } from '../batching/pyramid-batch.ts';
import { pyramid } from './pyramid.ts';

function run(
  params: { kind: 'avgpool' | 'gaussian' | 'laplacian'; scales: number[] },
  images: tf.Tensor4D,
): { levels: number[][]; error?: unknown } {
  const operator = pyramid.create(params, RunContext.standalone().forStage('scales')) as (
    source: Subject<Batch>,
  ) => import('rxjs').Observable<PyramidBatch>;
  const input = new Subject<Batch>();
  const result: { levels: number[][]; error?: unknown } = { levels: [] };
  operator(input).subscribe({
    next: (p) => (result.levels = p.levels.map((l) => Array.from(l.dataSync()))),
    error: (e: unknown) => (result.error = e),
  });
  input.next(makeBatch(images, undefined, 0, 0, [-1, 1]));
  return result;
}

describe('features/pyramid', () => {
  it('gives each batch as its pyramid, finest first, whatever order the scales are listed in', async () => {
    await tf.setBackend('cpu');
    const images = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 3) as tf.Tensor4D;
    expect(run({ kind: 'avgpool', scales: [2, 8, 4] }, images).levels).toEqual(
      avgPoolPyramid(images, 3).map((l) => Array.from(l.dataSync())),
    );
    expect(run({ kind: 'laplacian', scales: [8, 4] }, images).levels).toEqual(
      laplacianPyramid(images, 2).map((l) => Array.from(l.dataSync())),
    );
  });

  it('carries the batch’s class labels, in order, to every pyramid (class-conditional models read them)', async () => {
    await tf.setBackend('cpu');
    const operator = pyramid.create(
      { kind: 'avgpool', scales: [4, 8] },
      RunContext.standalone().forStage('scales'),
    ) as (source: Subject<Batch>) => import('rxjs').Observable<PyramidBatch>;
    const input = new Subject<Batch>();
    const seen: number[][] = [];
    operator(input).subscribe((p) => seen.push(Array.from(p.labels!.dataSync())));
    const images = tf.zeros([3, 8, 8, 1]) as tf.Tensor4D;
    input.next(makeBatch(images, tf.tensor1d([7, 2, 9], 'int32'), 0, 0, [-1, 1]));
    expect(seen).toEqual([[7, 2, 9]]);
  });

  it('disposes the pyramid once it has travelled downstream', async () => {
    await tf.setBackend('cpu');
    const images = tf.randomNormal([2, 8, 8, 1]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    run({ kind: 'gaussian', scales: [4, 8] }, images);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses batches whose size is not the finest scale, with a hint', async () => {
    await tf.setBackend('cpu');
    const { error } = run({ kind: 'avgpool', scales: [4, 8, 16, 32] }, tf.zeros([1, 28, 28, 1]) as tf.Tensor4D);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe('the batches are 28×28, but the finest pyramid scale is 32');
  });
});
