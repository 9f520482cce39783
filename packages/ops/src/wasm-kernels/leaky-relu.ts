import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { callWasmKernel, type WasmBackend } from './wasm-kernel-calls.ts';

type LeakyReluArgs = { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: { alpha: number } };

/**
 * Leaky ReLU as XNNPACK's PReLU with the same slope α for every channel. tfjs 4.22's wasm
 * LeakyRelu is a scalar loop on one thread: 3.6–4.9 ms for MSG-GAN and DCGAN activations of
 * 0.8–1 M values where PReLU takes 0.6–0.8 ms (SIMD, every core). Both compute x < 0 ? α·x : x
 * in float32, so the values are the same bit for bit, but for the sign of a zero: -0 comes out
 * as +0 (equal as numbers; no later op tells them apart except division by it).
 *
 * PReLU reads its slopes from a tensor of the input's channel count. One per backend, channel
 * count and α is made once and kept: tfjs's PReLU keeps an XNNPACK operator per slope tensor,
 * so a fresh tensor per call would build (and leave behind) an operator per call.
 */
const slopesByBackend = new WeakMap<WasmBackend, Map<string, TensorInfo>>();

function slopes(backend: WasmBackend, channels: number, alpha: number): TensorInfo {
  let cache = slopesByBackend.get(backend);
  if (!cache) slopesByBackend.set(backend, (cache = new Map()));
  const key = `${channels}:${alpha}`;
  let tensor = cache.get(key);
  if (!tensor) {
    tensor = backend.makeOutput([channels], 'float32');
    backend.typedArrayFromHeap(tensor).fill(alpha);
    cache.set(key, tensor);
  }
  return tensor;
}

export function leakyReluThroughPrelu(original: KernelConfig): KernelConfig {
  const leakyRelu = (args: LeakyReluArgs): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    // Scalars, empty tensors and integer ones stay with tfjs's kernel.
    if (x.dtype !== 'float32' || x.shape.length === 0 || x.shape.includes(0))
      return original.kernelFunc(args as never) as TensorInfo;
    const alpha = slopes(backend, x.shape.at(-1)!, attrs.alpha);
    return callWasmKernel('Prelu', { x, alpha }, {}, backend);
  };
  return { ...original, kernelFunc: leakyRelu as unknown as KernelFunc };
}
