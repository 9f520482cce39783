import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';

/** Inputs with both signs, many magnitudes, zeros and -0. */
function inputs(size: number): number[] {
  return Array.from({ length: size }, (_, i) =>
    i % 11 === 0 ? (i % 22 === 0 ? 0 : -0) : Math.fround(Math.sin(i * 1.3) * 10 ** ((i % 7) - 3)),
  );
}

/**
 * Leaky ReLU in float32 arithmetic, as tfjs's wasm kernel computes it: α rounded to float32, the
 * product of two float32 values rounded once (exact in a double, so Math.fround rounds it as a
 * float32 multiply would). One difference from tfjs's kernel: XNNPACK turns -0 into +0.
 */
const leakyFloat32 = (x: number, alpha: number) =>
  Object.is(x, -0) ? 0 : x < 0 ? Math.fround(Math.fround(alpha) * x) : x;

/** Indices where two arrays differ (Object.is: -0 and 0 differ), at most a few: a readable failure. */
function differences(actual: ArrayLike<number>, expected: ArrayLike<number>): string[] {
  const found: string[] = [];
  for (let i = 0; i < expected.length && found.length < 5; i++)
    if (!Object.is(actual[i], expected[i])) found.push(`[${i}] ${actual[i]} ≠ ${expected[i]}`);
  return found;
}

describe('wasm LeakyRelu (through XNNPACK PReLU)', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  const cases: [number[], number][] = [
    [[64, 14, 14, 64], 0.2], // DCGAN's discriminator
    [[3, 5, 5, 144], 0.2],
    [[7, 1], 0.01], // one channel; a second slope, so a second slope tensor
    [[4, 33], 0.3],
    [[9], 0.3],
    [[0, 3], 0.2],
    [[], 0.2],
  ];
  for (const [shape, alpha] of cases)
    it(`[${shape}], α = ${alpha}: float32 arithmetic bit for bit, and its gradient`, () => {
      const size = shape.reduce((a, b) => a * b, 1);
      const values = inputs(size);
      const x = tf.tensor(values, shape);
      const y = tf.leakyRelu(x, alpha);
      expect(y.shape).toEqual(shape);
      expect(
        differences(
          y.dataSync(),
          values.map((v) => leakyFloat32(v, alpha)),
        ),
      ).toEqual([]);
      // d/dx Σ leaky(x)² = 2·leaky(x)·(x > 0 ? 1 : α)
      const gradient = tf
        .grad((input: tf.Tensor) => tf.leakyRelu(input, alpha).square().sum())(x)
        .dataSync();
      const y32 = y.dataSync();
      let worst = 0;
      values.forEach((v, i) => {
        const exact = 2 * y32[i]! * (v > 0 ? 1 : alpha);
        worst = Math.max(worst, Math.abs(gradient[i]! - exact) / Math.max(1e-30, Math.abs(exact)));
      });
      expect(worst).toBeLessThan(1e-6);
      tf.dispose([x, y]);
    });

  it("leaves integer inputs to tfjs's own kernel (which answers in float32)", () => {
    const y = tf.leakyRelu(tf.tensor([-7, -1, 0, 4], [2, 2], 'int32'), 0.5);
    expect(y.dtype).toBe('float32');
    expect(Array.from(y.dataSync())).toEqual([-3.5, -0.5, 0, 4]);
    y.dispose();
  });

  it('makes one slope tensor per channel count and slope, not one per call', () => {
    const x = tf.randomNormal([8, 4, 4, 24]);
    tf.leakyRelu(x, 0.15).dispose(); // makes the slopes for 24 channels at 0.15
    const buffers = tf.memory().numDataBuffers;
    for (let i = 0; i < 5; i++) tf.leakyRelu(x, 0.15).dispose();
    expect(tf.memory().numDataBuffers).toBe(buffers);
    x.dispose();
  });
});
