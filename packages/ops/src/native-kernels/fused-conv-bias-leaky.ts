import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { opAttrs, type OpAttr, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';
import { biasGradient } from '../bias/bias-add.ts';
import { CONV_BIAS_LEAKY_KERNEL, type ConvBiasLeakyAttrs } from '../convolution/conv-bias-leaky.ts';
import { rectifierGrad } from '../gradients/rectifier-gradients.ts';

/**
 * convBiasLeaky (convolution/conv-bias-leaky.ts) on tfjs-node as one TensorFlow call: the
 * oneDNN convolution that TensorFlow's eager runtime already runs for every Conv2D, with the
 * bias add and the leaky ReLU as post-operations of its output loop. Measured per call on the
 * MSG-GAN's shapes, 0.4–1 ms less than the convolution, bias add and leaky ReLU as three ops
 * (docs/benchmarks.md), with the same values bit for bit: oneDNN adds the bias and applies
 * x > 0 ? x : α·x to the same float32 sums (but for the sign of a zero: with α = 0 a negative
 * sum gives +0, where TensorFlow's LeakyRelu gives 0·x = −0).
 *
 * The op is `_MklNativeFusedConv2D`, reached by its kernel label as TensorFlow's own graph
 * rewrite reaches it; its attributes include lists of strings and of types, which only the
 * addon `npm run setup:native` compiles can pass. A probe call checks both before the kernel
 * is registered; without it convBiasLeaky runs its composed form.
 *
 * The gradient is the layers' own: the leaky ReLU's (from the output: y > 0 exactly where
 * conv + bias > 0, for α ≥ 0), then tfjs's Conv2D gradient and the bias gradient, each computed
 * only when asked for, so second derivatives (R1, gradient penalties) work through it as through
 * the separate ops.
 */
const FUSED_OP = '_MklNativeFusedConv2D';

function fusedAttributes(backend: TensorFlowBackend, { strides, pad, alpha }: ConvBiasLeakyAttrs): OpAttr[] {
  const attr = opAttrs(backend);
  return [
    attr.float32Type('T'),
    attr.float32Types('TArgs', 1),
    attr.integer('num_args', 1),
    attr.integers('strides', [1, strides[0], strides[1], 1]),
    attr.string('padding', pad.toUpperCase()),
    attr.string('data_format', 'NHWC'),
    attr.integers('dilations', [1, 1, 1, 1]),
    attr.strings('fused_ops', ['BiasAdd', 'LeakyRelu']),
    attr.float('leakyrelu_alpha', alpha),
    attr.string('_kernel', 'MklNameChangeOp'),
  ];
}

type Args = {
  inputs: { x: TensorInfo; filter: TensorInfo; bias: TensorInfo };
  backend: unknown;
  attrs: ConvBiasLeakyAttrs;
};

const runFused = ({ inputs, backend, attrs }: Args): TensorInfo => {
  const node = backend as TensorFlowBackend;
  return node.executeSingleOutput(FUSED_OP, fusedAttributes(node, attrs), [inputs.x, inputs.filter, inputs.bias]);
};

export type FusedConvolutionState = { available: true } | { available: false; reason: string };

let state: FusedConvolutionState = { available: false, reason: 'the node backend has not started' };

export function fusedConvolutionState(): FusedConvolutionState {
  return state;
}

/**
 * Whether TensorFlow's fused convolution runs through this addon, checked on one 3×3 input
 * against its value worked out here. Never throws: a failure says why in the state.
 */
function probe(): FusedConvolutionState {
  const backend = tf.backend() as unknown as TensorFlowBackend;
  const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  const filter = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
  const bias = tf.tensor1d([-30]);
  try {
    const attrs: ConvBiasLeakyAttrs = { strides: [1, 1], pad: 'same', alpha: 0.5 };
    const y = runFused({ inputs: { x, filter, bias }, backend, attrs }) as tf.Tensor;
    const values = y.dataSync();
    y.dispose();
    // The centre sees all nine (45 − 30 = 15); the corner 1, 2, 4, 5 (12 − 30 = −18, halved).
    if (values[4] !== 15 || values[0] !== -9) throw new Error(`it gave ${values[4]} and ${values[0]}, not 15 and -9`);
    return { available: true };
  } catch (error) {
    const message = (error as Error).message;
    const reason = /not a string|number expected|napi/i.test(message)
      ? "tfjs-node's addon cannot pass list attributes (npm run setup:native compiles one that can)"
      : `TensorFlow's ${FUSED_OP} did not run (${message.split('\n').find((line) => line.trim()) ?? message})`;
    return { available: false, reason };
  } finally {
    tf.dispose([x, filter, bias]);
  }
}

let registered = false;

/** Registers the kernel and its gradient once the probe passes on tfjs-node; GRANULAR_NATIVE_KERNELS=0 keeps the composed form. */
export function registerFusedConvolution(env: NodeJS.ProcessEnv = process.env): FusedConvolutionState {
  if (registered) return state;
  if (env['GRANULAR_NATIVE_KERNELS'] === '0')
    return (state = { available: false, reason: 'switched off by GRANULAR_NATIVE_KERNELS=0' });
  state = probe();
  if (!state.available) return state;
  tf.registerKernel({
    kernelName: CONV_BIAS_LEAKY_KERNEL,
    backendName: 'tensorflow',
    kernelFunc: runFused as unknown as KernelFunc,
  });
  tf.registerGradient({
    kernelName: CONV_BIAS_LEAKY_KERNEL,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
      const { strides, pad, alpha } = attrs as unknown as ConvBiasLeakyAttrs;
      const beforeActivation = rectifierGrad(dy as tf.Tensor, y, alpha);
      const convolution = tf
        .getGradient('Conv2D')!
        .gradFunc(beforeActivation, [x, filter], { strides, pad, dataFormat: 'NHWC', dilations: 1 });
      return { x: convolution['x']!, filter: convolution['filter']!, bias: () => biasGradient(beforeActivation) };
    },
  });
  registered = true;
  return state;
}
