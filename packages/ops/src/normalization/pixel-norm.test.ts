import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { nativeKernelsRunHere, relativeError, tensorFlowOpsCalled, wave } from '../../test/support/native-kernels.ts';
import { PIXEL_NORM_EPSILON, pixelNorm, pixelNormComposed } from './pixel-norm.ts';

const native = await nativeKernelsRunHere();
const shape: [number, number, number, number] = [3, 5, 4, 7]; // an odd channel count: no lane of a vector loop lines up
const count = shape.reduce((a, b) => a * b);
const channels = shape[3];
const x = wave(count, 1).map((v) => 3 * v);
const dy = wave(count, 2);

/** Float64 references: y = x·r and dx = r·dy − x·(r/m)·mean(dy·x), with m = mean(x²) + ε and r = m^(−1/2), per pixel. */
function reference(): { y: number[]; dx: number[] } {
  const y: number[] = [];
  const dx: number[] = [];
  for (let p = 0; p < count; p += channels) {
    const row = x.slice(p, p + channels);
    const up = dy.slice(p, p + channels);
    const m = row.reduce((s, v) => s + v * v, 0) / channels + PIXEL_NORM_EPSILON;
    const r = 1 / Math.sqrt(m);
    const along = (r / m) * (row.reduce((s, v, c) => s + v * up[c]!, 0) / channels);
    row.forEach((v, c) => {
      y.push(v * r);
      dx.push(r * up[c]! - along * v);
    });
  }
  return { y, dx };
}

describe('pixel norm', () => {
  it('composed: the float64 values and gradient', async () => {
    await selectBackend('cpu');
    const input = tf.tensor4d(x, shape);
    const { y, dx } = reference();
    expect(relativeError(pixelNormComposed(input).dataSync(), y)).toBeLessThan(1e-6);
    const gradient = tf.grad((t: tf.Tensor) => pixelNormComposed(t))(input, tf.tensor4d(dy, shape));
    expect(relativeError(gradient.dataSync(), dx)).toBeLessThan(1e-5);
  });

  describe.skipIf(!native)("as Granular's TensorFlow kernels", () => {
    it('one op forward and one backward, with the float64 values and gradient', async () => {
      await selectBackend('node');
      const input = tf.tensor4d(x, shape);
      const upstream = tf.tensor4d(dy, shape);
      const { y, dx } = reference();
      let output!: tf.Tensor;
      expect(tensorFlowOpsCalled(() => (output = pixelNorm(input)))).toEqual(['GranularPixelNorm']);
      expect(relativeError(output.dataSync(), y)).toBeLessThan(1e-6);
      let gradient!: tf.Tensor;
      const ops = tensorFlowOpsCalled(() => (gradient = tf.grad((t: tf.Tensor) => pixelNorm(t))(input, upstream)));
      expect(ops).toContain('GranularPixelNormGrad');
      expect(ops).not.toContain('Rsqrt');
      expect(relativeError(gradient.dataSync(), dx)).toBeLessThan(1e-5);
      tf.dispose([input, upstream, output, gradient]);
    });

    it('second derivatives equal the composed form’s (the gradient kernel differentiated in closed form)', async () => {
      await selectBackend('node');
      const input = tf.tensor4d(x, shape);
      const weights = tf.tensor4d(wave(count, 3), shape);
      const probe = tf.tensor4d(wave(count, 4), shape);
      // f(x) = Σ w · n(x)²; a penalty on ∂f/∂x differentiated once more, through either form. Its
      // upstream must not be orthogonal to x per pixel, as ‖∂f/∂x‖²'s is (pixel norm's gradient
      // is): the part of the adjoint along x would go untested. So: Σ probe · ∂f/∂x + ‖∂f/∂x‖².
      const penaltyGradient = (norm: (t: tf.Tensor) => tf.Tensor) =>
        tf.grad((t: tf.Tensor) => {
          const gradient = tf.grad((u: tf.Tensor) => tf.sum(tf.mul(weights, tf.square(norm(u)))))(t);
          return tf.add(tf.sum(tf.mul(probe, gradient)), tf.sum(tf.square(gradient)));
        })(input);
      const fromKernels = penaltyGradient((t) => pixelNorm(t));
      const composed = penaltyGradient((t) => pixelNormComposed(t));
      expect(relativeError(fromKernels.dataSync(), composed.dataSync())).toBeLessThan(1e-5);
      tf.dispose([input, weights, probe, fromKernels, composed]);
    });

    it('leaves no tensors behind', async () => {
      await selectBackend('node');
      const input = tf.tensor4d(x, shape);
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) tf.tidy(() => void tf.grad((t: tf.Tensor) => pixelNorm(t))(input));
      expect(tf.memory().numTensors).toBe(before);
      input.dispose();
    });
  });
});
