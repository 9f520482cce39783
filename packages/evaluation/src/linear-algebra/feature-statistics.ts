/** Rows of features (one per sample), as plain arrays or typed rows. */
export type FeatureRows = ArrayLike<ArrayLike<number>>;

/** Mean and covariance (ddof = 1, as numpy's np.cov) of feature rows, in float64. */
export function meanAndCovariance(rows: FeatureRows): {
  mean: Float64Array;
  covariance: Float64Array;
  dimension: number;
} {
  const count = rows.length;
  const dimension = rows[0]!.length;
  const mean = new Float64Array(dimension);
  for (let r = 0; r < count; r++) for (let i = 0; i < dimension; i++) mean[i]! += rows[r]![i]! / count;
  const covariance = new Float64Array(dimension * dimension);
  const centred = new Float64Array(dimension);
  for (let r = 0; r < count; r++) {
    for (let i = 0; i < dimension; i++) centred[i] = rows[r]![i]! - mean[i]!;
    for (let i = 0; i < dimension; i++)
      for (let j = i; j < dimension; j++) covariance[i * dimension + j]! += centred[i]! * centred[j]!;
  }
  for (let i = 0; i < dimension; i++) {
    for (let j = i; j < dimension; j++) {
      const value = covariance[i * dimension + j]! / (count - 1);
      covariance[i * dimension + j] = value;
      covariance[j * dimension + i] = value;
    }
  }
  return { mean, covariance, dimension };
}

/** Product of two n × n row-major matrices. */
export function multiply(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < n; j++) out[i * n + j]! += aik * b[k * n + j]!;
    }
  return out;
}
