import type { backend_util, TensorInfo } from '@tensorflow/tfjs';
import { callWasmKernel, release, type WasmBackend } from './wasm-kernel-calls.ts';

/**
 * The two convolution gradients that touch a one-channel image: D's first layer (its filter
 * gradient, and its input gradient when G learns through D) and G's last transposed
 * convolution (an input gradient whose output has one channel). Through XNNPACK's convolutions
 * these run at 4–5 GFLOP/s: one output or input channel leaves its GEMM a single column. Here
 * each is one matrix product over the other channels (XNNPACK's, every core) and a pass in
 * JavaScript that scatters (col2im) or gathers (im2col) the kh·kw taps of each position.
 */

const PLAIN_PRODUCT = { transposeA: false, transposeB: false };

/** Where tap (a, b) of output position (p, q) reads the image, and whether that is inside it. */
function tapGeometry(info: backend_util.Conv2DInfo) {
  const { strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w } = info;
  const { top, left } = info.padInfo;
  return { sh, sw, h, w, top, left, kh: info.filterHeight, kw: info.filterWidth };
}

/**
 * dx[n, i, j, 0] = Σ_{p,q,a,b: i = p·sh + a − top, j = q·sw + b − left} Σ_co dy[n, p, q, co] · W[a, b, 0, co]:
 * the inner sum as one product [n·oh·ow, co] · [co, kh·kw], then each tap added where it lands.
 */
export function singleChannelBackpropInput(
  dy: TensorInfo,
  weights: ArrayLike<number>,
  info: backend_util.Conv2DInfo,
  backend: WasmBackend,
): TensorInfo {
  const { sh, sw, h, w, top, left, kh, kw } = tapGeometry(info);
  const [n, oh, ow, co] = dy.shape as [number, number, number, number];
  const taps = kh * kw;
  const transposedFilter = backend.makeOutput([1, co, taps], 'float32');
  const filterValues = backend.typedArrayFromHeap(transposedFilter);
  for (let o = 0; o < co; o++) for (let t = 0; t < taps; t++) filterValues[o * taps + t] = weights[t * co + o]!;
  const rows = callWasmKernel('Reshape', { x: dy }, { shape: [1, n * oh * ow, co] }, backend);
  const columns = callWasmKernel('BatchMatMul', { a: rows, b: transposedFilter }, PLAIN_PRODUCT, backend);
  release(backend, rows, transposedFilter);
  const out = backend.makeOutput([n, h, w, 1], 'float32');
  // Views after the last makeOutput: a growing heap moves them.
  const image = backend.typedArrayFromHeap(out);
  const perTap = backend.typedArrayFromHeap(columns);
  image.fill(0);
  let k = 0;
  for (let example = 0; example < n; example++)
    for (let p = 0; p < oh; p++)
      for (let q = 0; q < ow; q++, k += taps)
        for (let a = 0; a < kh; a++) {
          const i = p * sh + a - top;
          if (i < 0 || i >= h) continue;
          const row = (example * h + i) * w;
          for (let b = 0; b < kw; b++) {
            const j = q * sw + b - left;
            if (j >= 0 && j < w) image[row + j]! += perTap[k + a * kw + b]!;
          }
        }
  release(backend, columns);
  return out;
}

/**
 * dW[a, b, 0, co] = Σ_{n,p,q} x[n, p·sh + a − top, q·sw + b − left, 0] · dy[n, p, q, co]: the image's
 * taps gathered as a [kh·kw, n·oh·ow] matrix (zero outside the image), times dy as [n·oh·ow, co].
 */
export function singleChannelBackpropFilter(
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
  backend: WasmBackend,
): TensorInfo {
  const { sh, sw, h, w, top, left, kh, kw } = tapGeometry(info);
  const [n, oh, ow, co] = dy.shape as [number, number, number, number];
  const positions = n * oh * ow;
  const gathered = backend.makeOutput([1, kh * kw, positions], 'float32');
  const taps = backend.typedArrayFromHeap(gathered);
  const image = backend.typedArrayFromHeap(x);
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++) {
      let k = (a * kw + b) * positions;
      for (let example = 0; example < n; example++)
        for (let p = 0; p < oh; p++) {
          const i = p * sh + a - top;
          const row = (example * h + i) * w;
          for (let q = 0; q < ow; q++, k++) {
            const j = q * sw + b - left;
            taps[k] = i >= 0 && i < h && j >= 0 && j < w ? image[row + j]! : 0;
          }
        }
    }
  const rows = callWasmKernel('Reshape', { x: dy }, { shape: [1, positions, co] }, backend);
  const product = callWasmKernel('BatchMatMul', { a: gathered, b: rows }, PLAIN_PRODUCT, backend);
  release(backend, rows, gathered);
  const result = callWasmKernel('Reshape', { x: product }, { shape: [kh, kw, 1, co] }, backend);
  release(backend, product);
  return result;
}
