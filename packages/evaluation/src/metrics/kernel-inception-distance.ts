import type { FeatureRows } from '../linear-algebra/feature-statistics.ts';

function kernel(x: ArrayLike<number>, y: ArrayLike<number>, dimension: number): number {
  let dot = 0;
  for (let i = 0; i < dimension; i++) dot += x[i]! * y[i]!;
  return (dot / dimension + 1) ** 3;
}

/** Unbiased MMD² of one block, with the cubic polynomial kernel of Bińkowski et al. 2018. */
function blockMmd(a: FeatureRows, b: FeatureRows, from: number, size: number, dimension: number): number {
  let aa = 0;
  let bb = 0;
  let ab = 0;
  for (let i = from; i < from + size; i++) {
    for (let j = from; j < from + size; j++) {
      if (i !== j) {
        aa += kernel(a[i]!, a[j]!, dimension);
        bb += kernel(b[i]!, b[j]!, dimension);
      }
      ab += kernel(a[i]!, b[j]!, dimension);
    }
  }
  return aa / (size * (size - 1)) + bb / (size * (size - 1)) - (2 * ab) / (size * size);
}

/**
 * Kernel Inception Distance (Bińkowski et al. 2018): the unbiased estimate of MMD² with
 * k(x, y) = (x·y/d + 1)³, averaged over consecutive blocks of `blockSize` samples (all samples
 * in one block by default). Unbiased, so it can be slightly negative when the sets match.
 */
export function kernelInceptionDistance(
  featuresA: FeatureRows,
  featuresB: FeatureRows,
  options: { blockSize?: number } = {},
): number {
  const count = Math.min(featuresA.length, featuresB.length);
  const size = Math.min(options.blockSize ?? count, count);
  if (size < 2) throw new Error('KID needs at least two samples per block');
  const dimension = featuresA[0]!.length;
  const blocks = Math.floor(count / size);
  let total = 0;
  for (let block = 0; block < blocks; block++) total += blockMmd(featuresA, featuresB, block * size, size, dimension);
  return total / blocks;
}
