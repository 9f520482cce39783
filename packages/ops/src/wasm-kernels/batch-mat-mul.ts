import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { callWasmKernel, release, type WasmBackend } from './wasm-kernel-calls.ts';

/**
 * tfjs 4.22's wasm BatchMatMul is fast only without transposes: with transposeA or
 * transposeB it takes a slow path (measured 13 ms against 1.2 ms for a 128×784·784×128
 * product), and every dense layer's backward pass needs both. Transposing the operand
 * explicitly first (a cheap copy) and multiplying plainly is ~10× faster.
 */
export function fastBatchMatMul(originalConfig: KernelConfig): KernelConfig {
  const original = originalConfig.kernelFunc;
  const batchMatMul = (args: {
    inputs: { a: TensorInfo; b: TensorInfo };
    backend: WasmBackend;
    attrs: { transposeA: boolean; transposeB: boolean };
  }): TensorInfo => {
    const { inputs, backend, attrs } = args;
    if (!attrs.transposeA && !attrs.transposeB) return original(args as never) as TensorInfo;
    const swapLast = (x: TensorInfo) => {
      const perm = x.shape.map((_, i) => i);
      [perm[perm.length - 1], perm[perm.length - 2]] = [perm[perm.length - 2]!, perm[perm.length - 1]!];
      return callWasmKernel('Transpose', { x }, { perm }, backend);
    };
    const a = attrs.transposeA ? swapLast(inputs.a) : inputs.a;
    const b = attrs.transposeB ? swapLast(inputs.b) : inputs.b;
    const result = original({
      inputs: { a, b },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    } as never) as TensorInfo;
    release(backend, ...(attrs.transposeA ? [a] : []), ...(attrs.transposeB ? [b] : []));
    return result;
  };
  // The original's setup binds its wasm function; it must still run when the backend starts.
  return {
    kernelName: 'BatchMatMul',
    backendName: 'wasm',
    kernelFunc: batchMatMul as unknown as KernelFunc,
    ...(originalConfig.setupFunc ? { setupFunc: originalConfig.setupFunc } : {}),
  };
}
