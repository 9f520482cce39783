import * as tf from '@tensorflow/tfjs';
import type { FeatureRows } from './feature-statistics.ts';

/** Products held at once by `forEachInnerProductTile` unless told: 16 M floats, 64 MB. */
const TILE_VALUES = 1 << 24;

/** Rows as one row-major float32 matrix, the layout a backend matrix product takes. */
export function packRows(rows: FeatureRows, from = 0, count = rows.length - from): Float32Array {
  const dimension = rows[0]?.length ?? 0;
  const packed = new Float32Array(count * dimension);
  for (let r = 0; r < count; r++) packed.set(rows[from + r]!, r * dimension);
  return packed;
}

/** Each row's squared length, accumulated in float64. */
export function squaredNorms(rows: FeatureRows, from = 0, count = rows.length - from): Float64Array {
  return Float64Array.from({ length: count }, (_, r) => {
    const row = rows[from + r]!;
    let sum = 0;
    for (let i = 0; i < row.length; i++) sum += row[i]! * row[i]!;
    return sum;
  });
}

/**
 * Visits the inner products of every row of `a` with every row of `b`, a tile of rows of `a` at
 * a time: `visit(products, firstRow, rows)` gets `products[i·|b| + j] = a[firstRow + i] · b[j]`.
 *
 * The products are one matrix multiplication per tile on the current backend (float32, on
 * every core), instead of a JavaScript loop over pairs: KID and PRDC spent nearly all their
 * time there. Tiles keep memory bounded (at most `TILE_VALUES` products at once) whatever the
 * sample counts.
 */
export function forEachInnerProductTile(
  a: FeatureRows,
  b: FeatureRows,
  visit: (products: Float32Array, firstRow: number, rows: number) => void,
  tileValues = TILE_VALUES,
): void {
  const dimension = a[0]!.length;
  const tileRows = Math.max(1, Math.min(a.length, Math.floor(tileValues / Math.max(1, b.length))));
  const right = tf.tensor2d(packRows(b), [b.length, dimension]);
  try {
    for (let first = 0; first < a.length; first += tileRows) {
      const rows = Math.min(tileRows, a.length - first);
      const products = tf.tidy(() =>
        tf.matMul(tf.tensor2d(packRows(a, first, rows), [rows, dimension]), right, false, true),
      );
      const values = products.dataSync() as Float32Array;
      products.dispose();
      visit(values, first, rows);
    }
  } finally {
    right.dispose();
  }
}
