import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './wasm-kernel-calls.ts';

/**
 * Identity without a copy: the output shares the input's buffer and counts one more reference,
 * as tfjs's cpu and webgl backends do (the wasm one copies: 190 calls and 24 ms per DCGAN step,
 * from tf.tidy returns, optimizers and gradients). Safe because no kernel writes into its inputs.
 */
function identity(args: { inputs: { x: TensorInfo }; backend: WasmBackend }): TensorInfo {
  const { x } = args.inputs;
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export const identityConfig: KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identity as unknown as KernelFunc,
};
