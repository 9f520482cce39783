import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { mergedAxes } from './tile.ts';

/** tf.tile's values and shape on one backend. */
async function tiled(backend: string, shape: number[], reps: number[], dtype: 'float32' | 'int32' | 'bool') {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const size = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: size }, (_, i) =>
      dtype === 'bool' ? (i * 7) % 3 === 0 : dtype === 'int32' ? i * 3 - 5 : Math.sin(i) * 10,
    );
    const result = tf.tile(tf.tensor(values as number[] | boolean[], shape, dtype), reps);
    return { shape: result.shape, values: Array.from(result.dataSync()) };
  });
}

const cases: { shape: number[]; reps: number[] }[] = [
  { shape: [1, 1, 1, 64], reps: [4, 3, 5, 1] }, // batch norm's gradient
  { shape: [1, 1, 1, 6272], reps: [1, 1, 6, 1] },
  { shape: [3, 4], reps: [2, 3] },
  { shape: [2, 3, 4], reps: [1, 2, 1] },
  { shape: [2, 1, 3], reps: [3, 4, 2] },
  { shape: [5], reps: [7] },
  { shape: [2, 3], reps: [1, 1] },
  { shape: [2, 3, 1, 2, 2], reps: [2, 1, 3, 2, 1] },
  { shape: [0, 3], reps: [2, 2] },
  { shape: [3, 2], reps: [0, 2] },
];

describe('wasm Tile agrees with the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  for (const { shape, reps } of cases) {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      it(`[${shape}] by [${reps}], ${dtype}`, async () => {
        const expected = await tiled('cpu', shape, reps, dtype);
        const actual = await tiled('wasm', shape, reps, dtype);
        expect(actual.shape).toEqual(expected.shape);
        expect(actual.values).toEqual(expected.values); // a copy: exact
      });
    }
  }

  it('merges axes that are not repeated into the axis before them', () => {
    expect(mergedAxes([1, 1, 1, 64], [64, 14, 14, 1])).toEqual([
      [1, 1, 64],
      [64, 14, 14],
    ]);
    expect(mergedAxes([2, 3, 4], [2, 1, 1])).toEqual([[24], [2]]);
    expect(mergedAxes([1, 1], [1, 1])).toEqual([[1], [1]]);
  });
});
