import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { leadingAxisCount } from './leading-axes-reductions.ts';

/** Sum and mean over `axis` on one backend, and the input (for a float64 reference). */
async function reduced(backend: string, shape: number[], axis: number | number[], keepDims: boolean) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor(
      Array.from({ length: size }, (_, i) => Math.sin(i * 0.7) * 3 + 1),
      shape,
    );
    const sum = x.sum(axis, keepDims);
    const mean = x.mean(axis, keepDims);
    return {
      shape: sum.shape,
      meanShape: mean.shape,
      sum: Array.from(sum.dataSync()),
      mean: Array.from(mean.dataSync()),
    };
  });
}

const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
  { shape: [64, 14, 14, 64], axis: [0, 1, 2], keepDims: false }, // a conv bias gradient
  { shape: [16, 7, 7, 8], axis: [0, 1, 2], keepDims: true }, // batch-norm moments
  { shape: [64, 300], axis: 0, keepDims: false }, // a dense bias gradient
  { shape: [4, 5, 6], axis: [1, 0], keepDims: true },
  { shape: [4, 5, 6], axis: [-3], keepDims: false },
  { shape: [4, 5, 6], axis: [2], keepDims: false }, // innermost: tfjs's own kernel
  { shape: [4, 5, 6], axis: [1], keepDims: true }, // middle: tfjs's own kernel
  { shape: [4, 5, 6], axis: [0, 1, 2], keepDims: false }, // everything: tfjs's own kernel
];

describe('wasm Sum and Mean agree with the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  for (const c of cases) {
    it(`[${c.shape}] over ${JSON.stringify(c.axis)}${c.keepDims ? ', keepDims' : ''}`, async () => {
      const expected = await reduced('cpu', c.shape, c.axis, c.keepDims);
      const actual = await reduced('wasm', c.shape, c.axis, c.keepDims);
      expect(actual.shape).toEqual(expected.shape);
      expect(actual.meanShape).toEqual(expected.meanShape);
      // float32 sums of thousands of terms in different orders: equal to a few ulps of the sum's scale.
      actual.sum.forEach((value, i) => expect(value).toBeCloseTo(expected.sum[i]!, 2));
      actual.mean.forEach((value, i) => expect(value).toBeCloseTo(expected.mean[i]!, 5));
    });
  }

  it('is exact where float64 accumulation is (small integers)', async () => {
    await tf.setBackend('wasm');
    const sums = tf.tidy(() => tf.tensor([1, 2, 3, 4, 5, 6], [3, 2]).sum(0).arraySync());
    expect(sums).toEqual([9, 12]);
  });

  it('takes only leading axes that leave an axis', () => {
    expect(leadingAxisCount([0, 1, 2], 4)).toBe(3);
    expect(leadingAxisCount([1, 0], 3)).toBe(2);
    expect(leadingAxisCount([1], 3)).toBeUndefined();
    expect(leadingAxisCount([0, 2], 3)).toBeUndefined();
    expect(leadingAxisCount([0, 1, 2], 3)).toBeUndefined();
  });
});
