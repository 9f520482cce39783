import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';

function pattern(shape: number[], phase: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: size }, (_, i) => Math.sin(i * 0.71 + phase)),
    shape,
  );
}

async function product(
  backend: string,
  aShape: number[],
  bShape: number[],
  transposeA: boolean,
  transposeB: boolean,
): Promise<number[]> {
  await tf.setBackend(backend);
  return tf.tidy(() =>
    Array.from(tf.matMul(pattern(aShape, 0), pattern(bShape, 1), transposeA, transposeB).dataSync()),
  );
}

describe('wasm BatchMatMul with transposes agrees with the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  const cases: [string, number[], number[], boolean, boolean][] = [
    ['plain', [5, 7], [7, 3], false, false],
    ['transposed A (a dense layer’s weight gradient)', [7, 5], [7, 3], true, false],
    ['transposed B (a dense layer’s input gradient)', [5, 7], [3, 7], false, true],
    ['both transposed', [7, 5], [3, 7], true, true],
    ['batched, transposed A', [2, 7, 5], [2, 7, 3], true, false],
  ];
  for (const [name, a, b, ta, tb] of cases) {
    it(name, async () => {
      const expected = await product('cpu', a, b, ta, tb);
      const actual = await product('wasm', a, b, ta, tb);
      expect(actual.length).toBe(expected.length);
      actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
    });
  }

  it('leaves no heap buffers behind', async () => {
    await product('wasm', [7, 5], [3, 7], true, true);
    const before = tf.memory().numDataBuffers;
    await product('wasm', [7, 5], [3, 7], true, true);
    expect(tf.memory().numDataBuffers).toBe(before);
  });
});
