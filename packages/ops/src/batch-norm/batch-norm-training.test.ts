import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendName } from '../backend/select-backend.ts';
import { batchNormTraining } from './batch-norm-training.ts';

const loads = async (backend: BackendName) =>
  selectBackend(backend).then(
    () => true,
    () => false,
  );
const available = { cpu: await loads('cpu'), wasm: await loads('wasm'), node: await loads('node') };

const EPSILON = 1e-3;

/** Deterministic values in [-1, 1) without tfjs's random generators. */
const values = (count: number, seed: number) =>
  Array.from({ length: count }, (_, i) => Math.sin(12.9898 * (i + 1) + 78.233 * seed) % 1);

interface Case {
  shape: number[];
  x: number[];
  scale: number[];
  offset: number[];
  /** The weights of the scalar loss L = Σ y·w whose gradients are checked. */
  weights: number[];
}

function makeCase(shape: number[]): Case {
  const size = shape.reduce((a, b) => a * b, 1);
  const channels = shape.at(-1)!;
  return {
    shape,
    x: values(size, 1).map((v, i) => 2 * v + (i % channels)),
    scale: values(channels, 2).map((v) => 1 + v),
    offset: values(channels, 3),
    weights: values(size, 4),
  };
}

/** The reference in float64: statistics over every axis but the last, divided by n. */
function reference(c: Case, x = c.x, scale = c.scale, offset = c.offset) {
  const channels = c.scale.length;
  const rows = x.length / channels;
  const mean = Array.from(
    { length: channels },
    (_, k) => x.filter((_, i) => i % channels === k).reduce((a, b) => a + b, 0) / rows,
  );
  const variance = mean.map(
    (m, k) => x.filter((_, i) => i % channels === k).reduce((a, v) => a + (v - m) ** 2, 0) / rows,
  );
  const y = x.map(
    (v, i) =>
      (scale[i % channels]! * (v - mean[i % channels]!)) / Math.sqrt(variance[i % channels]! + EPSILON) +
      offset[i % channels]!,
  );
  return { y, mean, variance, loss: y.reduce((a, v, i) => a + v * c.weights[i]!, 0) };
}

/** Central differences of the float64 loss: an independent check of the closed-form backward. */
function finiteDifferences(c: Case, which: 'x' | 'scale' | 'offset'): number[] {
  const h = 1e-5;
  const base = { x: c.x, scale: c.scale, offset: c.offset };
  return base[which].map((_, i) => {
    const shifted = (delta: number) => {
      const changed = { ...base, [which]: base[which].map((v, j) => (j === i ? v + delta : v)) };
      return reference(c, changed.x, changed.scale, changed.offset).loss;
    };
    return (shifted(h) - shifted(-h)) / (2 * h);
  });
}

const expectClose = (actual: ArrayLike<number>, expected: number[], tolerance: number) => {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...expected.map((v, i) => Math.abs(v - actual[i]!) / Math.max(1, Math.abs(v))));
  expect(worst).toBeLessThan(tolerance);
};

describe.each(['cpu', 'wasm', 'node'] as const)('batch norm in training mode on %s', (backend) => {
  for (const shape of [
    [6, 2, 2, 3],
    [5, 4],
  ]) {
    it.skipIf(!available[backend])(`[${shape}]: y, mean and variance against float64`, async () => {
      await selectBackend(backend);
      const c = makeCase(shape);
      const expected = reference(c);
      const { y, mean, variance } = batchNormTraining(
        tf.tensor(c.x, shape),
        tf.tensor1d(c.scale),
        tf.tensor1d(c.offset),
        EPSILON,
      );
      expect(y.shape).toEqual(shape);
      expectClose(y.dataSync(), expected.y, 2e-5);
      expectClose(mean.dataSync(), expected.mean, 2e-6);
      expectClose(variance.dataSync(), expected.variance, 2e-5);
      tf.dispose([y, mean, variance]);
    });

    it.skipIf(!available[backend])(
      `[${shape}]: gradients of Σ y·w for x, scale and offset against finite differences`,
      async () => {
        await selectBackend(backend);
        const c = makeCase(shape);
        const before = tf.memory().numTensors;
        const [x, scale, offset, w] = [
          tf.tensor(c.x, shape),
          tf.tensor1d(c.scale),
          tf.tensor1d(c.offset),
          tf.tensor(c.weights, shape),
        ];
        const grads = tf.grads((a: tf.Tensor, b: tf.Tensor, o: tf.Tensor) =>
          tf.sum(tf.mul(batchNormTraining(a, b as tf.Tensor1D, o as tf.Tensor1D, EPSILON).y, w)),
        )([x, scale, offset]);
        expectClose(grads[0]!.dataSync(), finiteDifferences(c, 'x'), 1e-4);
        expectClose(grads[1]!.dataSync(), finiteDifferences(c, 'scale'), 1e-4);
        expectClose(grads[2]!.dataSync(), finiteDifferences(c, 'offset'), 1e-4);
        tf.dispose([x, scale, offset, w, ...grads]);
        expect(tf.memory().numTensors).toBe(before);
      },
    );
  }

  it.skipIf(!available[backend])(
    'the statistics are constants to the gradient (they feed running averages)',
    async () => {
      await selectBackend(backend);
      const c = makeCase([4, 3]);
      const x = tf.tensor(c.x, [4, 3]);
      const gradient = tf.grad((a: tf.Tensor) =>
        tf.add(tf.sum(batchNormTraining(a, tf.tensor1d(c.scale), tf.tensor1d(c.offset), EPSILON).mean), 0),
      )(x);
      expect(Array.from(gradient.dataSync())).toEqual(new Array(12).fill(0));
      tf.dispose([x, gradient]);
    },
  );

  it.skipIf(!available[backend])('the backward is one kernel call, with no Tile of the activations', async () => {
    await selectBackend(backend);
    const c = makeCase([6, 2, 2, 3]);
    const [x, scale, offset] = [tf.tensor(c.x, c.shape), tf.tensor1d(c.scale), tf.tensor1d(c.offset)];
    const info = await tf.profile(() => {
      tf.dispose(
        tf.grads((a: tf.Tensor, b: tf.Tensor, o: tf.Tensor) =>
          tf.sum(batchNormTraining(a, b as tf.Tensor1D, o as tf.Tensor1D, EPSILON).y),
        )([x, scale, offset]),
      );
    });
    const names = info.kernels.map((kernel) => kernel.name);
    expect(names.filter((name) => name === 'GranularBatchNormTrainingGrad')).toHaveLength(1);
    expect(names).not.toContain('Tile');
    tf.dispose([x, scale, offset]);
  });
});
