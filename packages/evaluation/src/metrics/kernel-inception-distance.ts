import type { FeatureRows } from '../linear-algebra/feature-statistics.ts';
import { forEachInnerProductTile } from '../linear-algebra/inner-products.ts';

/**
 * Σ k(x, y) of the cubic polynomial kernel k(x, y) = (x·y/d + 1)³ over the pairs of one block,
 * without the diagonal when both sides are the same set. The inner products come from the
 * backend (float32); the kernel and the sum are in float64.
 */
function kernelSum(a: FeatureRows, b: FeatureRows, withoutDiagonal: boolean): number {
  const dimension = a[0]!.length;
  let sum = 0;
  forEachInnerProductTile(a, b, (products, firstRow, rows) => {
    for (let i = 0; i < rows; i++) {
      const row = i * b.length;
      for (let j = 0; j < b.length; j++) {
        const k = products[row + j]! / dimension + 1;
        sum += k * k * k; // not k ** 3: Math.pow is several times slower here
      }
      if (withoutDiagonal) {
        const k = products[row + firstRow + i]! / dimension + 1;
        sum -= k * k * k;
      }
    }
  });
  return sum;
}

/** Unbiased MMD² of one block, with the cubic polynomial kernel of Bińkowski et al. 2018. */
function blockMmd(a: FeatureRows, b: FeatureRows): number {
  const size = a.length;
  return (
    (kernelSum(a, a, true) + kernelSum(b, b, true)) / (size * (size - 1)) - (2 * kernelSum(a, b, false)) / (size * size)
  );
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
  const blocks = Math.floor(count / size);
  const block = (rows: FeatureRows, index: number) =>
    Array.prototype.slice.call(rows, index * size, (index + 1) * size);
  let total = 0;
  for (let index = 0; index < blocks; index++) total += blockMmd(block(featuresA, index), block(featuresB, index));
  return total / blocks;
}
