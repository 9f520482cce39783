import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { opAttrs, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';

/**
 * tfjs-node's LeakyRelu for float32 as Granular's op (packages/ops/native/rectifier.cc): the
 * same formula as TensorFlow's LeakyRelu, x > 0 ? x : x·α, value for value, on every core in
 * one call. Other dtypes keep tfjs-node's kernel. The gradient stays GranularRectifierGrad
 * (gradients/rectifier-gradients.ts), which takes the matching GranularLeakyReluGrad op.
 */
export function nativeLeakyRelu(original: KernelConfig): KernelConfig {
  return {
    ...original,
    kernelFunc: ((args: { inputs: { x: TensorInfo }; backend: unknown; attrs: { alpha: number } }) => {
      if (args.inputs.x.dtype !== 'float32') return original.kernelFunc(args as never);
      const node = args.backend as TensorFlowBackend;
      return node.executeSingleOutput(
        'GranularLeakyRelu',
        [opAttrs(node).float('alpha', args.attrs.alpha)],
        [args.inputs.x],
      );
    }) as unknown as KernelFunc,
  };
}
