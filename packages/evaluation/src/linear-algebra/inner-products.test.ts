import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Random } from '@granular/core';
import { forEachInnerProductTile, squaredNorms } from './inner-products.ts';

const rows = (count: number, dimension: number, random: Random) =>
  Array.from({ length: count }, () => Float32Array.from({ length: dimension }, () => random.normal()));

const dot = (x: Float32Array, y: Float32Array) => x.reduce((sum, v, i) => sum + v * y[i]!, 0);

describe('inner products on the backend, a tile of rows at a time', () => {
  it('visit every pair once, equal to float64 dot products to float32 rounding, in tiles of any size, without leaking tensors', () => {
    const random = Random.derive(3, 'inner-products');
    const a = rows(37, 20, random);
    const b = rows(11, 20, random);
    for (const tileValues of [1, 50, 11 * 37, 1 << 24]) {
      const seen = new Float64Array(a.length * b.length).fill(NaN);
      const before = tf.memory().numTensors;
      forEachInnerProductTile(
        a,
        b,
        (products, firstRow, count) => {
          expect(products.length).toBe(count * b.length);
          for (let i = 0; i < count; i++)
            for (let j = 0; j < b.length; j++) {
              expect(Number.isNaN(seen[(firstRow + i) * b.length + j]!)).toBe(true);
              seen[(firstRow + i) * b.length + j] = products[i * b.length + j]!;
            }
        },
        tileValues,
      );
      expect(tf.memory().numTensors).toBe(before);
      let largest = 0;
      a.forEach((x, i) =>
        b.forEach((y, j) => (largest = Math.max(largest, Math.abs(seen[i * b.length + j]! - dot(x, y))))),
      );
      expect(largest).toBeLessThan(1e-5);
    }
  });

  it('squared norms in float64', () => {
    const norms = squaredNorms([Float32Array.of(3, 4), Float32Array.of(0.1, 0.2)]);
    expect(norms[0]).toBe(25);
    expect(norms[1]).toBe(Math.fround(0.1) ** 2 + Math.fround(0.2) ** 2);
  });
});
