import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Random } from '@granular/core';
import { sortRows, sortThreadCount } from './sort-rows.ts';

function matrix(rows: number, rowLength: number, seed: number): Float32Array {
  const random = Random.derive(seed, 'rows');
  return Float32Array.from({ length: rows * rowLength }, () => random.normal() * 10 ** (random.int(6) - 3));
}

function sortedRowByRow(values: Float32Array, rowLength: number): Float32Array {
  const out = values.slice();
  for (let start = 0; start < out.length; start += rowLength) out.subarray(start, start + rowLength).sort();
  return out;
}

describe('sorting the rows of matrices on every core', () => {
  it('sorts every row of every matrix as TypedArray.prototype.sort does, with rows shared out to workers', () => {
    // 2 × 23 rows of 30,011 values: over a million in all (workers take part), shares that do not split evenly.
    const [a, b] = [matrix(23, 30_011, 1), matrix(23, 30_011, 2)];
    const expected = [sortedRowByRow(a, 30_011), sortedRowByRow(b, 30_011)];
    sortRows([a, b], 30_011);
    expect(Buffer.from(a.buffer).equals(Buffer.from(expected[0]!.buffer))).toBe(true);
    expect(Buffer.from(b.buffer).equals(Buffer.from(expected[1]!.buffer))).toBe(true);
  });

  it("sorts on one thread per core: the workers start from the radix sort's own source text", () => {
    expect(sortThreadCount()).toBe(availableParallelism());
  });

  it('sorts small matrices on this thread alike', () => {
    const a = matrix(3, 5_000, 3);
    const expected = sortedRowByRow(a, 5_000);
    sortRows([a], 5_000);
    expect(Array.from(a)).toEqual(Array.from(expected));
  });

  it('refuses a matrix that is not whole rows', () => {
    expect(() => sortRows([new Float32Array(10)], 3)).toThrow(/no whole rows of 3/);
  });
});
