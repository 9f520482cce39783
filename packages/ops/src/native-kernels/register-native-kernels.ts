import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { replaceKernels, type KernelWrapper } from '../backend/replace-kernels.ts';
import { opAttrs, type OpAttr, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';
import { BIAS_ADD_GRAD_KERNEL, BIAS_ADD_KERNEL, installBiasAddGradients } from '../bias/bias-add.ts';
import { installPixelNormGradients, PIXEL_NORM_GRAD_KERNEL, PIXEL_NORM_KERNEL } from '../normalization/pixel-norm.ts';
import { nativeLeakyRelu } from './leaky-relu.ts';
import {
  oneChannelConv2D,
  oneChannelConv2DBackpropFilter,
  oneChannelConv2DBackpropInput,
} from './one-channel-convolutions.ts';

type Args = { inputs: Record<string, TensorInfo>; backend: unknown; attrs: Record<string, number> };

/** A kernel that runs the TensorFlow op of its own name on its inputs, with float attributes of the given names. */
function runsOp(kernelName: string, floatAttributes: string[]): KernelConfig {
  return {
    kernelName,
    backendName: 'tensorflow',
    kernelFunc: (({ inputs, backend, attrs }: Args) => {
      const node = backend as TensorFlowBackend;
      const opAttributes: OpAttr[] = floatAttributes.map((name) => opAttrs(node).float(name, attrs[name]!));
      return node.executeSingleOutput(kernelName, opAttributes, Object.values(inputs));
    }) as unknown as KernelFunc,
  };
}

let registered = false;

/**
 * tfjs kernels on tfjs-node that run Granular's TensorFlow ops (packages/ops/native), for
 * registration once loadNativeKernels() has loaded them: new kernels under the ops' own names
 * (pixel norm and bias add, which pixelNorm() and biasAdd() use where they are registered),
 * and wrappers of tfjs-node's kernels that take the cases our ops do better and leave it the
 * rest. The 2× pooling and upsampling kernels (pyramids/scale-by-two-kernels.ts) and the
 * rectifier gradient (gradients/rectifier-gradients.ts) choose our ops themselves.
 */
export function registerNativeKernels(): void {
  if (registered) return;
  const configs: KernelConfig[] = [
    runsOp(PIXEL_NORM_KERNEL, ['epsilon']),
    runsOp(PIXEL_NORM_GRAD_KERNEL, ['epsilon']),
    runsOp(BIAS_ADD_KERNEL, []),
    runsOp(BIAS_ADD_GRAD_KERNEL, []),
  ];
  const wrappers: KernelWrapper[] = [
    ['LeakyRelu', nativeLeakyRelu],
    ['Conv2D', oneChannelConv2D],
    ['Conv2DBackpropInput', oneChannelConv2DBackpropInput],
    ['Conv2DBackpropFilter', oneChannelConv2DBackpropFilter],
  ];
  replaceKernels('tensorflow', configs, wrappers);
  installPixelNormGradients();
  installBiasAddGradients();
  registered = true;
}
