import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { singleChannelBackpropInput } from './single-channel-conv-gradients.ts';
import { callWasmKernel, cropForMargins, forwardConvInfo, release, type WasmBackend } from './wasm-kernel-calls.ts';

/**
 * The input gradient of a 2-D convolution (also the forward pass of a transposed
 * convolution), which tfjs 4.22's wasm backend computes with a slow scalar loop. Here it is
 * one stride-1 forward convolution per stride phase, each run by XNNPACK:
 *
 * an input row i = m·s + c (phase c) only receives filter taps a ≡ (c + pad_t) mod s, so
 *   dx[m·s + c] = Σ_t dy[m + δ_c − t] · W[r_c + t·s],   r_c = (c + pad_t) mod s, δ_c = ⌊(c + pad_t)/s⌋,
 * a correlation of dy with the flipped sub-filter W[r_c::s] (transposed to [·,·,co,ci]). The s_h·s_w
 * phase results are interleaved by stacking and reshaping. The work equals the forward
 * convolution's, where zero-insertion would cost s² times more.
 */
function conv2dBackpropInput(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs;
  const inputShape = attrs['inputShape'] as [number, number, number, number];
  const info = forwardConvInfo(
    'Conv2DBackpropInput',
    inputShape,
    filter.shape as [number, number, number, number],
    attrs,
  );
  const [n, h, w, ci] = inputShape;
  const [kh, kw, , co] = filter.shape as [number, number, number, number];
  const { strideHeight: sh, strideWidth: sw, outHeight: oh, outWidth: ow } = info;
  const rowsPerPhase = Math.ceil(h / sh);
  const colsPerPhase = Math.ceil(w / sw);
  const weights = backend.readSync(filter.dataId);
  if (ci === 1) return singleChannelBackpropInput(dy, weights, info, backend);

  const phaseRows: TensorInfo[] = [];
  for (let c = 0; c < sh; c++) {
    const phaseCols: TensorInfo[] = [];
    for (let d = 0; d < sw; d++) {
      phaseCols.push(phase(c, d));
    }
    phaseRows.push(callWasmKernel('Pack', phaseCols, { axis: 3 }, backend));
    release(backend, ...phaseCols);
  }
  // [n, M, sh, Mw, sw, ci] → [n, M·sh, Mw·sw, ci]: row m·sh + c, column q·sw + d.
  const stacked = callWasmKernel('Pack', phaseRows, { axis: 2 }, backend);
  release(backend, ...phaseRows);
  const interleaved = callWasmKernel(
    'Reshape',
    { x: stacked },
    { shape: [n, rowsPerPhase * sh, colsPerPhase * sw, ci] },
    backend,
  );
  release(backend, stacked);
  if (rowsPerPhase * sh === h && colsPerPhase * sw === w) return interleaved;
  const result = callWasmKernel('Slice', { x: interleaved }, { begin: [0, 0, 0, 0], size: [n, h, w, ci] }, backend);
  release(backend, interleaved);
  return result;

  /** dx rows m·sh + c, columns q·sw + d, for m < rowsPerPhase and q < colsPerPhase. */
  function phase(c: number, d: number): TensorInfo {
    const rh = (c + info.padInfo.top) % sh;
    const rw = (d + info.padInfo.left) % sw;
    const deltaH = Math.floor((c + info.padInfo.top) / sh);
    const deltaW = Math.floor((d + info.padInfo.left) / sw);
    const tapsH = Math.max(0, Math.ceil((kh - rh) / sh));
    const tapsW = Math.max(0, Math.ceil((kw - rw) / sw));
    if (tapsH === 0 || tapsW === 0)
      return callWasmKernel(
        'Fill',
        {},
        { shape: [n, rowsPerPhase, colsPerPhase, ci], value: 0, dtype: 'float32' },
        backend,
      );

    const subFilter = backend.makeOutput([tapsH, tapsW, co, ci], 'float32');
    const values = backend.typedArrayFromHeap(subFilter);
    for (let u = 0; u < tapsH; u++) {
      for (let v = 0; v < tapsW; v++) {
        const a = rh + (tapsH - 1 - u) * sh;
        const b = rw + (tapsW - 1 - v) * sw;
        const source = (a * kw + b) * ci * co;
        const target = (u * tapsW + v) * co * ci;
        for (let i = 0; i < ci; i++) {
          for (let o = 0; o < co; o++) values[target + o * ci + i] = weights[source + i * co + o]!;
        }
      }
    }
    const rows = { before: tapsH - 1 - deltaH, after: rowsPerPhase - oh + deltaH };
    const cols = { before: tapsW - 1 - deltaW, after: colsPerPhase - ow + deltaW };
    const { input, owned, pad } = cropForMargins(dy, rows, cols, backend);
    const out = callWasmKernel(
      'Conv2D',
      { x: input, filter: subFilter },
      { strides: [1, 1], dilations: [1, 1], pad, dataFormat: 'NHWC' },
      backend,
    );
    release(backend, subFilter, ...(owned ? [input] : []));
    return out;
  }
}

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput as unknown as KernelFunc,
};
