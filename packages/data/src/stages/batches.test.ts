import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { RunContext } from '@granular/core';
import type { Batch } from '../batching/batch.ts';
import { epochOrder } from '../batching/epoch-order.ts';
import type { ImageDataset } from '../datasets/image-dataset.ts';
import { batches } from './batches.ts';

const data: ImageDataset = {
  name: 'ten',
  images: Float32Array.from({ length: 10 * 4 }, (_, i) => Math.floor(i / 4)),
  labels: Int32Array.from({ length: 10 }, (_, i) => i),
  count: 10,
  height: 2,
  width: 2,
  channels: 1,
  range: [0, 9],
};

async function collect(
  params: { size: number; shuffle: boolean; epochs: number; drop_remainder: boolean },
  context = RunContext.standalone({ seed: 4 }),
): Promise<number[][]> {
  await tf.setBackend('cpu');
  const behaviour = batches.create(params, context.forStage('batches')) as {
    expand(d: ImageDataset): AsyncIterable<Batch>;
  };
  const out: number[][] = [];
  for await (const batch of behaviour.expand(data)) {
    const labels = Array.from(batch.labels!.dataSync());
    // Images and labels travel together: image n holds the value n everywhere.
    expect(Array.from(batch.images.dataSync()).filter((_, i) => i % 4 === 0)).toEqual(labels);
    out.push(labels);
    batch.dispose();
  }
  return out;
}

describe('data/batches', () => {
  it('cuts an epoch into batches, dropping the remainder by default', async () => {
    const result = await collect({ size: 3, shuffle: false, epochs: 1, drop_remainder: true });
    expect(result).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    const all = await collect({ size: 3, shuffle: false, epochs: 1, drop_remainder: false });
    expect(all.at(-1)).toEqual([9]);
  });

  it('shuffles each epoch differently, always a permutation, the same for the same seed', async () => {
    const result = await collect({ size: 5, shuffle: true, epochs: 2, drop_remainder: true });
    const first = result.slice(0, 2).flat();
    const second = result.slice(2, 4).flat();
    expect([...first].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...second].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(second).not.toEqual(first);
    expect(await collect({ size: 5, shuffle: true, epochs: 2, drop_remainder: true })).toEqual(result);
    expect(Array.from(epochOrder(10, true, 4, 'batches', 0))).toEqual(first);
  });

  it('on resume at step k, starts with batch k (into the second epoch too)', async () => {
    const whole = await collect({ size: 3, shuffle: true, epochs: 2, drop_remainder: true });
    const resumed = RunContext.standalone({ seed: 4 }, { initialStep: 4 });
    expect(await collect({ size: 3, shuffle: true, epochs: 2, drop_remainder: true }, resumed)).toEqual(whole.slice(4));
  });

  it('leaves no tensors behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    await collect({ size: 3, shuffle: true, epochs: 1, drop_remainder: true });
    expect(tf.memory().numTensors).toBe(before);
  });
});
