import { describe, expect, it } from 'vitest';
import { Random } from '@granular/core';
import { radixSortFloat32 } from './radix-sort.ts';

describe('radix sort of float32 values', () => {
  it('orders as TypedArray.prototype.sort does: negatives, zeros, duplicates, infinities, tiny and huge magnitudes', () => {
    const random = Random.derive(5, 'sort');
    const values = Float32Array.from({ length: 20_000 }, (_, i) => {
      if (i % 97 === 0) return [0, -0, Infinity, -Infinity, 1e-40, -1e-40, 3.4e38, -3.4e38][i % 8]!;
      if (i % 13 === 0) return 1.5; // duplicates
      return random.normal() * 10 ** (random.int(10) - 5);
    });
    const expected = values.slice().sort();
    radixSortFloat32(values);
    expect(Array.from(values)).toEqual(Array.from(expected));
  });

  it('sorts a view in place without touching the rest of its buffer', () => {
    const random = Random.derive(6, 'sort');
    const all = Float32Array.from({ length: 10_002 }, () => random.normal());
    const [first, last] = [all[0], all[10_001]];
    const expected = all.slice(1, 10_001).sort();
    radixSortFloat32(all.subarray(1, 10_001));
    expect(Array.from(all.subarray(1, 10_001))).toEqual(Array.from(expected));
    expect([all[0], all[10_001]]).toEqual([first, last]);
  });
});
