import { describe, expect, it } from 'vitest';
import { nearestNeighbourRatio } from './nearest-neighbour-ratio.ts';

describe('nn_ratio', () => {
  it('is the mean sample-to-reference nearest distance over the mean reference-to-reference one (by hand, on a line)', () => {
    // Reference 0, 1, 3: nearest others 1, 1, 2 (mean 4/3). Samples 0.5, 10: nearest 0.5, 7 (mean 3.75).
    expect(nearestNeighbourRatio([[0], [1], [3]], [[0.5], [10]])).toBeCloseTo(3.75 / (4 / 3), 12);
  });

  it('is 0 for copies of the reference and about 1 for a fresh draw of the same distribution', () => {
    const points = (seed: number) =>
      Array.from({ length: 400 }, (_, i) => [
        (Math.sin(seed * 1000 + i * 12.9898) * 43758.5453) % 1,
        (Math.sin(seed * 2000 + i * 78.233) * 12345.678) % 1,
      ]);
    const reference = points(1);
    expect(
      nearestNeighbourRatio(
        reference,
        reference.slice(0, 100).map((row) => [...row]),
      ),
    ).toBe(0);
    const ratio = nearestNeighbourRatio(reference, points(2));
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.3);
  });
});
