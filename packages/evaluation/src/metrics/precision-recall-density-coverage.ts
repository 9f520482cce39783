import type { FeatureRows } from '../linear-algebra/feature-statistics.ts';

function distance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i]! - y[i]!) ** 2;
  return Math.sqrt(sum);
}

/** Each point's distance to its k-th nearest neighbour in its own set (itself excluded). */
function kthNeighbourRadii(points: FeatureRows, k: number): Float64Array {
  return Float64Array.from({ length: points.length }, (_, i) => {
    const distances: number[] = [];
    for (let j = 0; j < points.length; j++) if (j !== i) distances.push(distance(points[i]!, points[j]!));
    distances.sort((a, b) => a - b);
    return distances[k - 1]!;
  });
}

/**
 * Precision, recall, density and coverage (Naeem et al. 2020), with k-nearest-neighbour balls
 * (a point is inside a ball when strictly closer than its radius):
 * precision = share of fakes inside some real ball; recall = share of reals inside some fake
 * ball; density = mean over fakes of the number of real balls containing it, divided by k;
 * coverage = share of reals whose ball contains some fake.
 */
export function precisionRecallDensityCoverage(
  real: FeatureRows,
  fake: FeatureRows,
  k: number,
): { precision: number; recall: number; density: number; coverage: number } {
  const realRadii = kthNeighbourRadii(real, k);
  const fakeRadii = kthNeighbourRadii(fake, k);
  const cross = Array.from({ length: real.length }, (_, r) =>
    Float64Array.from({ length: fake.length }, (_, f) => distance(real[r]!, fake[f]!)),
  );
  let precise = 0;
  let dense = 0;
  for (let f = 0; f < fake.length; f++) {
    let inside = 0;
    for (let r = 0; r < real.length; r++) if (cross[r]![f]! < realRadii[r]!) inside += 1;
    if (inside > 0) precise += 1;
    dense += inside;
  }
  let recalled = 0;
  let covered = 0;
  for (let r = 0; r < real.length; r++) {
    let nearest = Infinity;
    let inFakeBall = false;
    for (let f = 0; f < fake.length; f++) {
      nearest = Math.min(nearest, cross[r]![f]!);
      if (cross[r]![f]! < fakeRadii[f]!) inFakeBall = true;
    }
    if (inFakeBall) recalled += 1;
    if (nearest < realRadii[r]!) covered += 1;
  }
  return {
    precision: precise / fake.length,
    recall: recalled / real.length,
    density: dense / (k * fake.length),
    coverage: covered / real.length,
  };
}
