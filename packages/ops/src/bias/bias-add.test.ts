import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { nativeKernelsRunHere, relativeError, tensorFlowOpsCalled, wave } from '../../test/support/native-kernels.ts';
import { biasAdd } from './bias-add.ts';

const native = await nativeKernelsRunHere();
// 67 rows of 5 channels at rank 4, and enough rows (2 × 2 000 000 / 16) to split across the
// cores and run past several 64-row blocks of the bias gradient.
const cases: { shape: [number, number, number, number]; seed: number }[] = [
  { shape: [1, 67, 1, 5], seed: 1 },
  { shape: [125, 40, 50, 16], seed: 2 },
];

describe.skipIf(!native)("the bias add as Granular's TensorFlow kernels", () => {
  it.each(cases)(
    'x + b value for value, and b’s gradient the float64 sum over every other axis ($shape)',
    async ({ shape, seed }) => {
      await selectBackend('node');
      const count = shape.reduce((a, b) => a * b, 1);
      const channels = shape[3];
      const x = tf.tensor(wave(count, seed), [...shape]);
      const bias = tf.tensor1d(wave(channels, seed + 10));
      const dyValues = wave(count, seed + 20);
      const dy = tf.tensor(dyValues, [...shape]);
      let sum!: tf.Tensor;
      expect(tensorFlowOpsCalled(() => (sum = biasAdd(x, bias)))).toEqual(['GranularBiasAdd']);
      const expected = tf.add(x, bias); // TensorFlow's broadcasting Add: the same float additions
      expect(Array.from(sum.dataSync())).toEqual(Array.from(expected.dataSync()));
      let gradients!: tf.Tensor[];
      const ops = tensorFlowOpsCalled(
        () => (gradients = tf.grads((a: tf.Tensor, b: tf.Tensor) => biasAdd(a, b))([x, bias], dy)),
      );
      expect(ops).toContain('GranularBiasAddGrad');
      expect(gradients[0]!.dataSync()).toEqual(dy.dataSync());
      // Against the float64 sums, relative to the sums of magnitudes (the sums themselves nearly cancel).
      const columnSums = new Array<number>(channels).fill(0);
      const magnitudes = new Array<number>(channels).fill(0);
      dyValues.forEach((v, i) => {
        columnSums[i % channels]! += v;
        magnitudes[i % channels]! += Math.abs(v);
      });
      const computed = gradients[1]!.dataSync();
      columnSums.forEach((sum, c) => expect(Math.abs(computed[c]! - sum) / magnitudes[c]!).toBeLessThan(1e-7));
      tf.dispose([x, bias, dy, sum, expected, ...gradients]);
    },
  );

  it('second derivatives through the bias gradient kernel equal tf.add’s', async () => {
    await selectBackend('node');
    const shape = [2, 3, 3, 4];
    const x = tf.tensor4d(wave(72, 5), shape as [number, number, number, number]);
    const bias = tf.tensor1d(wave(4, 6));
    // A penalty on the bias gradient of f = Σ (x + b)³, differentiated with respect to x.
    const penaltyGradient = (add: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor) =>
      tf.grad((t: tf.Tensor) =>
        tf
          .grad((b: tf.Tensor) => tf.sum(tf.pow(add(t, b), 3)))(bias)
          .square()
          .sum(),
      )(x);
    const fromKernels = penaltyGradient(biasAdd);
    const composed = penaltyGradient((a, b) => tf.add(a, b));
    expect(relativeError(fromKernels.dataSync(), composed.dataSync())).toBeLessThan(1e-5);
    tf.dispose([x, bias, fromKernels, composed]);
  });

  it('other shapes and dtypes take tf.add', async () => {
    await selectBackend('node');
    const x = tf.ones([2, 3]);
    expect(tensorFlowOpsCalled(() => biasAdd(x, tf.ones([2, 1])).dispose())).not.toContain('GranularBiasAdd');
    expect(tensorFlowOpsCalled(() => biasAdd(tf.ones([2, 3], 'int32'), tf.ones([3], 'int32')).dispose())).not.toContain(
      'GranularBiasAdd',
    );
  });
});
