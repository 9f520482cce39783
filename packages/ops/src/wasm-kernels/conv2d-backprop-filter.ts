import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { singleChannelBackpropFilter } from './single-channel-conv-gradients.ts';
import { callWasmKernel, cropForMargins, forwardConvInfo, release, type WasmBackend } from './wasm-kernel-calls.ts';

/**
 * The filter gradient of a 2-D convolution, which tfjs 4.22's wasm backend lacks (so conv
 * models cannot train on it as shipped), as ONE forward convolution that XNNPACK runs:
 *
 *   dW[a, b, ci, co] = Σ_{n,p,q} x[n, p·s + a − pad_t, q·s + b − pad_l, ci] · dy[n, p, q, co]
 *
 * is a correlation of xᵀ = transpose(x, [3,1,2,0]) (channels as the batch, the batch as the
 * channels) with dyᵀ = transpose(dy, [1,2,0,3]) as the filter, at stride 1 and dilation s,
 * with the original top/left padding; the bottom/right padding is chosen so the output is
 * exactly kh × kw (negative means rows the forward pass never read, which are cropped).
 */
function conv2dBackpropFilter(args: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: WasmBackend;
  attrs: Record<string, unknown>;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs;
  const filterShape = attrs['filterShape'] as [number, number, number, number];
  const info = forwardConvInfo('Conv2DBackpropFilter', x.shape as [number, number, number, number], filterShape, attrs);
  const [kh, kw] = filterShape;
  const { strideHeight: sh, strideWidth: sw, inHeight: h, inWidth: w, outHeight: oh, outWidth: ow } = info;

  if (x.shape[3] === 1) return singleChannelBackpropFilter(x, dy, info, backend);
  const xT = callWasmKernel('Transpose', { x }, { perm: [3, 1, 2, 0] }, backend);
  const dyT = callWasmKernel('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }, backend);
  const rows = { before: info.padInfo.top, after: kh - h - info.padInfo.top + (oh - 1) * sh };
  const cols = { before: info.padInfo.left, after: kw - w - info.padInfo.left + (ow - 1) * sw };
  const { input, owned, pad } = cropForMargins(xT, rows, cols, backend);
  const gradient = callWasmKernel(
    'Conv2D',
    { x: input, filter: dyT },
    { strides: [1, 1], dilations: [sh, sw], pad, dataFormat: 'NHWC' },
    backend,
  );
  const result = callWasmKernel('Transpose', { x: gradient }, { perm: [1, 2, 0, 3] }, backend);
  release(backend, xT, dyT, gradient, ...(owned ? [input] : []));
  return result;
}

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter as unknown as KernelFunc,
};
