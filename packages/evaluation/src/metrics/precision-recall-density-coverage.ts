import type { FeatureRows } from '../linear-algebra/feature-statistics.ts';
import { forEachInnerProductTile, squaredNorms } from '../linear-algebra/inner-products.ts';

/**
 * Squared distances ‖x − y‖² = ‖x‖² + ‖y‖² − 2 x·y of every row of `a` to every row of `b`, a
 * tile of rows of `a` at a time (see `forEachInnerProductTile`): the products from the backend,
 * the norms and the sum in float64, clamped at 0 against rounding.
 */
function forEachSquaredDistanceRow(
  a: FeatureRows,
  b: FeatureRows,
  visit: (row: number, squared: (column: number) => number) => void,
): void {
  const normsA = squaredNorms(a);
  const normsB = squaredNorms(b);
  forEachInnerProductTile(a, b, (products, firstRow, rows) => {
    for (let i = 0; i < rows; i++) {
      const offset = i * b.length;
      const normA = normsA[firstRow + i]!;
      visit(firstRow + i, (j) => Math.max(0, normA + normsB[j]! - 2 * products[offset + j]!));
    }
  });
}

/** The k-th smallest of the values `value(j)` for j < count, j ≠ skip: a sorted buffer of the k smallest so far. */
function kthSmallest(count: number, skip: number, k: number, value: (j: number) => number): number {
  const smallest = new Float64Array(k).fill(Infinity);
  for (let j = 0; j < count; j++) {
    if (j === skip) continue;
    const v = value(j);
    if (v >= smallest[k - 1]!) continue;
    let at = k - 1;
    while (at > 0 && smallest[at - 1]! > v) {
      smallest[at] = smallest[at - 1]!;
      at -= 1;
    }
    smallest[at] = v;
  }
  return smallest[k - 1]!;
}

/** Each point's squared distance to its k-th nearest neighbour in its own set (itself excluded). */
function kthNeighbourRadii(points: FeatureRows, k: number): Float64Array {
  const radii = new Float64Array(points.length);
  forEachSquaredDistanceRow(points, points, (row, squared) => {
    radii[row] = kthSmallest(points.length, row, k, squared);
  });
  return radii;
}

/**
 * Precision, recall, density and coverage (Naeem et al. 2020), with k-nearest-neighbour balls
 * (a point is inside a ball when strictly closer than its radius):
 * precision = share of fakes inside some real ball; recall = share of reals inside some fake
 * ball; density = mean over fakes of the number of real balls containing it, divided by k;
 * coverage = share of reals whose ball contains some fake.
 *
 * Distances are compared squared (the same order), from inner products on the backend.
 */
export function precisionRecallDensityCoverage(
  real: FeatureRows,
  fake: FeatureRows,
  k: number,
): { precision: number; recall: number; density: number; coverage: number } {
  const realRadii = kthNeighbourRadii(real, k);
  const fakeRadii = kthNeighbourRadii(fake, k);
  const realBallsAround = new Float64Array(fake.length); // per fake: the real balls it is inside
  let recalled = 0;
  let covered = 0;
  forEachSquaredDistanceRow(real, fake, (r, squared) => {
    let nearest = Infinity;
    let inFakeBall = false;
    for (let f = 0; f < fake.length; f++) {
      const d = squared(f);
      if (d < nearest) nearest = d;
      if (d < fakeRadii[f]!) inFakeBall = true;
      if (d < realRadii[r]!) realBallsAround[f]! += 1;
    }
    if (inFakeBall) recalled += 1;
    if (nearest < realRadii[r]!) covered += 1;
  });
  let precise = 0;
  let dense = 0;
  for (const inside of realBallsAround) {
    if (inside > 0) precise += 1;
    dense += inside;
  }
  return {
    precision: precise / fake.length,
    recall: recalled / real.length,
    density: dense / (k * fake.length),
    coverage: covered / real.length,
  };
}
