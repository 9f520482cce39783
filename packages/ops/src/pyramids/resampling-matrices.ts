/**
 * The pyramids' resampling as small matrices, one per image axis: every operation here is
 * linear and separable, so an image is resampled as Mh · X · Mwᵀ. Built from plain
 * multiplies, the pyramids have first AND second derivatives on every backend (tfjs 4.22
 * has no second derivative through avgPool or resize*, and MirrorPad's gradient ignores the
 * mirrored border). Matrices are row-major Float32Arrays, rows × cols.
 */
export interface Matrix {
  rows: number;
  cols: number;
  values: Float32Array;
}

/** The 5-tap binomial kernel [1, 4, 6, 4, 1] / 16 (ProGAN's SWD, Burt and Adelson's pyramid). */
const BINOMIAL = [1, 4, 6, 4, 1].map((w) => w / 16);

/** numpy's 'reflect' padding: the edge sample is not repeated (−1 → 1, n → n − 2). */
function reflect(index: number, size: number): number {
  if (size === 1) return 0;
  let i = index;
  while (i < 0 || i >= size) i = i < 0 ? -i : 2 * (size - 1) - i;
  return i;
}

function matrix(rows: number, cols: number): Matrix {
  return { rows, cols, values: new Float32Array(rows * cols) };
}

/** Blur of a signal of length n with the binomial kernel, reflect-padded: n × n. */
export function blurMatrix(n: number): Matrix {
  const m = matrix(n, n);
  for (let i = 0; i < n; i++) {
    BINOMIAL.forEach((weight, k) => {
      m.values[i * n + reflect(i + k - 2, n)]! += weight;
    });
  }
  return m;
}

/** Blur, then keep every second sample starting at 0: (n/2) × n. */
export function downMatrix(n: number): Matrix {
  const blur = blurMatrix(n);
  const m = matrix(Math.ceil(n / 2), n);
  for (let i = 0; i < m.rows; i++) m.values.set(blur.values.subarray(2 * i * n, (2 * i + 1) * n), i * n);
  return m;
}

/**
 * Insert zeros (values at even indices), blur, times 2 per axis (4 for an image): 2n × n.
 * Column j of the result is column 2j of the blur of length 2n.
 */
export function upMatrix(n: number): Matrix {
  const blur = blurMatrix(2 * n);
  const m = matrix(2 * n, n);
  for (let i = 0; i < 2 * n; i++) {
    for (let j = 0; j < n; j++) m.values[i * n + j] = 2 * blur.values[i * 2 * n + 2 * j]!;
  }
  return m;
}
