import * as tf from '@tensorflow/tfjs';
import type { Matrix } from './resampling-matrices.ts';

function asTensor(m: Matrix): tf.Tensor2D {
  return tf.tensor2d(m.values, [m.rows, m.cols]);
}

/**
 * Applies a linear map per axis to NHWC images: out = Mh · X · Mwᵀ for every image and
 * channel, as two 2-D matrix products around transposes (no broadcasting needed, and every
 * op here is differentiable twice on every backend).
 */
export function resampleSeparable(images: tf.Tensor4D, rows: Matrix, cols: Matrix): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = images.shape;
    if (rows.cols !== h || cols.cols !== w)
      throw new Error(
        `resampling matrices ${rows.rows}×${rows.cols}, ${cols.rows}×${cols.cols} do not fit ${h}×${w} images`,
      );
    // Rows: [H, N·W·C] → Mh · → [H', N·W·C]
    const byRow = tf.reshape(tf.transpose(images, [1, 0, 2, 3]), [h, n * w * c]);
    const rowsDone = tf.reshape(tf.matMul(asTensor(rows), byRow), [rows.rows, n, w, c]);
    // Columns: [W, H'·N·C] → Mw · → [W', H'·N·C]
    const byColumn = tf.reshape(tf.transpose(rowsDone, [2, 0, 1, 3]), [w, rows.rows * n * c]);
    const columnsDone = tf.reshape(tf.matMul(asTensor(cols), byColumn), [cols.rows, rows.rows, n, c]);
    return tf.transpose(columnsDone, [2, 1, 0, 3]) as tf.Tensor4D;
  });
}
