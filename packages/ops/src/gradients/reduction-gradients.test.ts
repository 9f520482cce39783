import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';

const values = (shape: number[]) =>
  Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.61) * 2);

describe('Sum and Mean gradients', () => {
  beforeAll(async () => {
    await selectBackend('cpu');
  });

  it('are dy spread over the reduced axes (÷ n for Mean), bit for bit', () => {
    const shape = [3, 4, 5, 2];
    const x = tf.tensor(values(shape), shape);
    const w = tf.tensor(
      values([4, 2]).map((v) => v + 0.5),
      [4, 2],
    );
    const axes = [0, 2];
    const dSum = tf.grad((input: tf.Tensor) => tf.sum(input, axes).mul(w).sum())(x);
    const dMean = tf.grad((input: tf.Tensor) => tf.mean(input, axes).mul(w).sum())(x);
    // Closed form: element (a, b, c, d) receives w[b, d] (÷ 3·5 for the mean).
    const weights = w.arraySync() as number[][];
    const sumExpected = Array.from({ length: 3 * 4 * 5 * 2 }, (_, i) => weights[Math.floor(i / 10) % 4]![i % 2]!);
    expect(Array.from(dSum.dataSync())).toEqual(sumExpected.map(Math.fround));
    expect(Array.from(dMean.dataSync())).toEqual(sumExpected.map((v) => Math.fround(Math.fround(v) / 15)));
    tf.dispose([x, w, dSum, dMean]);
  });

  it('have second derivatives at any rank (a penalty through a rank-6 mean, as 2×2 downsampling makes)', () => {
    const shape = [2, 2, 2, 3, 2, 2];
    const x = tf.tensor(values(shape), shape);
    const n = 2 * 2; // axes 2 and 4
    // f = Σ mean(x², [2, 4]); ∂f/∂x = 2x/n; ‖∂f/∂x‖² = Σ 4x²/n²; its gradient: 8x/n².
    const inner = (input: tf.Tensor) => tf.mean(tf.square(input), [2, 4]).sum();
    const penaltyGradient = tf.grad((input: tf.Tensor) => tf.grad(inner)(input).square().sum())(x);
    const expected = values(shape).map((v) => (8 * v) / n ** 2);
    Array.from(penaltyGradient.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
    tf.dispose([x, penaltyGradient]);
  });
});
