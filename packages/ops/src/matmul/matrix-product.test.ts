import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { relativeError, tensorFlowOpsCalled, wave } from '../../test/support/native-kernels.ts';
import { matrixProduct } from './matrix-product.ts';

const node = await selectBackend('node').then(
  () => true,
  () => false,
);

/** op(A)·op(B) in float64, A and B given row-major with their stored shapes. */
function reference(a: number[], [ar, ac]: number[], b: number[], [br, bc]: number[], ta: boolean, tb: boolean) {
  const rows = ta ? ac! : ar!;
  const inner = ta ? ar! : ac!;
  const cols = tb ? br! : bc!;
  const at = (i: number, k: number) => (ta ? a[k * ac! + i]! : a[i * ac! + k]!);
  const bt = (k: number, j: number) => (tb ? b[j * bc! + k]! : b[k * bc! + j]!);
  const out: number[] = [];
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let k = 0; k < inner; k++) sum += at(i, k) * bt(k, j);
      out.push(sum);
    }
  return out;
}

describe.skipIf(!node)('matrix products as one TensorFlow BatchMatMulV2 on tfjs-node', () => {
  const transposes = [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ] as const;

  it.each(transposes)(
    'transposeA %s, transposeB %s: the float64 product, one BatchMatMulV2, gradients as tf.matMul’s',
    async (ta, tb) => {
      await selectBackend('node');
      const [m, k, n] = [5, 7, 3];
      const aShape = ta ? [k, m] : [m, k];
      const bShape = tb ? [n, k] : [k, n];
      const aValues = wave(m * k, 1);
      const bValues = wave(k * n, 2);
      const a = tf.tensor2d(aValues, aShape as [number, number]);
      const b = tf.tensor2d(bValues, bShape as [number, number]);
      let product!: tf.Tensor;
      expect(tensorFlowOpsCalled(() => (product = matrixProduct(a, b, ta, tb)))).toEqual(['BatchMatMulV2']);
      expect(relativeError(product.dataSync(), reference(aValues, aShape, bValues, bShape, ta, tb))).toBeLessThan(1e-6);
      // First and second derivatives against tfjs's own matMul (BatchMatMul and its gradient).
      const weights = tf.tensor2d(wave(m * n, 3), [m, n]);
      const penaltyGradients = (multiply: typeof matrixProduct) =>
        tf.grads((x: tf.Tensor, y: tf.Tensor) => {
          const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) =>
            tf.sum(tf.mul(weights, tf.square(multiply(p, q, ta, tb)))),
          )([x, y]);
          return tf.add(tf.sum(tf.square(ga!)), tf.sum(tf.square(gb!)));
        })([a, b]);
      const ours = penaltyGradients(matrixProduct);
      const theirs = penaltyGradients((x, y, p, q) => tf.matMul(x, y, p, q));
      ours.forEach((gradient, i) =>
        expect(relativeError(gradient.dataSync(), theirs[i]!.dataSync())).toBeLessThan(1e-5),
      );
      tf.dispose([a, b, product, weights, ...ours, ...theirs]);
    },
  );

  it('other ranks take tf.matMul', async () => {
    await selectBackend('node');
    const a = tf.ones([2, 3, 4]);
    const b = tf.ones([2, 4, 5]);
    expect(tensorFlowOpsCalled(() => matrixProduct(a, b).dispose())).toEqual(
      tensorFlowOpsCalled(() => tf.matMul(a, b).dispose()),
    );
    tf.dispose([a, b]);
  });

  it('survives signals: 3,000 products under the CPU profiler, which interrupts every 100 µs', () => {
    // TensorFlow's MatMul corrupted the heap here within a few hundred products.
    const child = spawnSync(
      process.execPath,
      [
        '--cpu-prof',
        '--cpu-prof-interval',
        '100',
        '--cpu-prof-dir',
        mkdtempSync(join(tmpdir(), 'granular-profile-')),
        '--import',
        'tsx',
        new URL('../../test/support/products-under-profiler.ts', import.meta.url).pathname,
        '3000',
      ],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(child.stderr.split('\n').filter((line) => /corrupt|free\(\)|malloc/.test(line))).toEqual([]);
    expect([child.status, child.stdout.trim()]).toEqual([0, 'done']);
  }, 150_000);
});
