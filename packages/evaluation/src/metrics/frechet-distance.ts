import { meanAndCovariance, multiply, type FeatureRows } from '../linear-algebra/feature-statistics.ts';
import { symmetricEigen, symmetricSqrt } from '../linear-algebra/symmetric-eigen.ts';

/**
 * Fréchet distance between Gaussians fitted to two feature sets (the FID formula, Heusel et
 * al. 2017): ‖μa − μb‖² + Tr(Σa + Σb − 2(Σa Σb)^½). Computed in float64, with Tr((ΣaΣb)^½) as
 * Tr((Σa^½ Σb Σa^½)^½): both are symmetric, so only symmetric eigendecompositions are needed,
 * which stay stable where a general matrix square root goes complex.
 */
export function frechetDistance(featuresA: FeatureRows, featuresB: FeatureRows): number {
  const a = meanAndCovariance(featuresA);
  const b = meanAndCovariance(featuresB);
  if (a.dimension !== b.dimension) throw new Error(`feature sizes differ: ${a.dimension} and ${b.dimension}`);
  const n = a.dimension;
  let meanTerm = 0;
  for (let i = 0; i < n; i++) meanTerm += (a.mean[i]! - b.mean[i]!) ** 2;
  const rootA = symmetricSqrt(a.covariance, n);
  const middle = multiply(multiply(rootA, b.covariance, n), rootA, n);
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      middle[i * n + j] = middle[j * n + i] = (middle[i * n + j]! + middle[j * n + i]!) / 2;
  const traceRoot = symmetricEigen(middle, n).values.reduce((sum, value) => sum + Math.sqrt(Math.max(value, 0)), 0);
  let traces = 0;
  for (let i = 0; i < n; i++) traces += a.covariance[i * n + i]! + b.covariance[i * n + i]!;
  return meanTerm + traces - 2 * traceRoot;
}
