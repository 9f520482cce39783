import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { callKernel } from '../wasm-kernels/wasm-kernel-calls.ts';
import { opAttrs, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';
import { nativeKernelsReady } from '../native-kernels/load-native-kernels.ts';

/**
 * The gradients of ReLU and leaky ReLU as one kernel each call, with second derivatives.
 *
 * tfjs differentiates relu as dy · step(x), and tfjs-node builds step from six TensorFlow ops
 * (IsNan, Greater, OnesLike, Fill, Where, Select): after the convolutions the largest cost of
 * the node DCGAN step (42 ms in 8 calls). Its leaky ReLU gradient, where(x > 0, dy, α·dy), has
 * no second derivative (Greater has no gradient), which is why gradient penalties could not
 * use tf.leakyRelu. Here both gradients are one kernel, GranularRectifierGrad(dy, x; α): on
 * tfjs-node TensorFlow's own ReluGrad or LeakyReluGrad op, elsewhere dy · step(x, α) through
 * the backend's Step and Multiply kernels; its own gradient is registered (linear in dy,
 * piecewise constant in x), so penalties that differentiate D's gradient work through both.
 *
 * One difference from tfjs: where x is NaN the gradient follows TensorFlow's ops (dy where
 * x > 0 is false), not NaN; a NaN input has already made the loss NaN, which training reports.
 */
export const RECTIFIER_GRAD = 'GranularRectifierGrad';

type GradArgs = { inputs: { dy: TensorInfo; x: TensorInfo }; backend: unknown; attrs: { alpha: number } };

const onTensorFlow = ({ inputs, backend, attrs }: GradArgs): TensorInfo => {
  const node = backend as TensorFlowBackend;
  const attr = opAttrs(node);
  if (attrs.alpha === 0) return node.executeSingleOutput('ReluGrad', [attr.float32Type('T')], [inputs.dy, inputs.x]);
  // Granular's op computes LeakyReluGrad's values (packages/ops/native/rectifier.cc) on every core.
  if (nativeKernelsReady())
    return node.executeSingleOutput('GranularLeakyReluGrad', [attr.float('alpha', attrs.alpha)], [inputs.dy, inputs.x]);
  return node.executeSingleOutput(
    'LeakyReluGrad',
    [attr.float32Type('T'), attr.float('alpha', attrs.alpha)],
    [inputs.dy, inputs.x],
  );
};

/** dy · step(x, α) through the backend's own Step and Multiply kernels. */
const composed =
  (backendName: string) =>
  ({ inputs, backend, attrs }: GradArgs): TensorInfo => {
    const step = callKernel(backendName, 'Step', { x: inputs.x }, { alpha: attrs.alpha }, backend);
    const product = callKernel(backendName, 'Multiply', { a: inputs.dy, b: step }, {}, backend);
    (backend as { disposeData(dataId: object): unknown }).disposeData(step.dataId);
    return product;
  };

/** dy · step(x, α): the (leaky) ReLU's gradient at x, one kernel (float32 inputs). */
export function rectifierGrad(dy: tf.Tensor, x: tf.Tensor, alpha: number): tf.Tensor {
  return tf.engine().runKernel(RECTIFIER_GRAD, { dy, x }, { alpha }) as tf.Tensor;
}

/** Float inputs take the one kernel; integer ones keep tfjs's formula (the TF ops take one float type). */
const isFloat = (...tensors: tf.Tensor[]) => tensors.every((t) => t.dtype === 'float32');

let installed = false;

export function installRectifierGradients(): void {
  if (installed) return;
  tf.registerKernel({
    kernelName: RECTIFIER_GRAD,
    backendName: 'tensorflow',
    kernelFunc: onTensorFlow as unknown as KernelFunc,
  });
  for (const backendName of ['wasm', 'cpu'])
    tf.registerKernel({
      kernelName: RECTIFIER_GRAD,
      backendName,
      kernelFunc: composed(backendName) as unknown as KernelFunc,
    });
  tf.registerGradient({
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => {
      const [x] = saved as [tf.Tensor];
      const gradient = dy as tf.Tensor;
      return {
        x: () =>
          isFloat(x, gradient) ? rectifierGrad(gradient, x, 0) : tf.mul(gradient, tf.step(tf.cast(x, 'float32'))),
      };
    },
  });
  tf.registerGradient({
    kernelName: 'LeakyRelu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      const gradient = dy as tf.Tensor;
      const alpha = (attrs as { alpha: number }).alpha;
      return {
        x: () =>
          isFloat(x, gradient)
            ? rectifierGrad(gradient, x, alpha)
            : tf.where(tf.greater(x, 0), gradient, tf.mul(gradient, alpha)),
      };
    },
  });
  tf.registerGradient({
    kernelName: RECTIFIER_GRAD,
    inputsToSave: ['x'],
    gradFunc: (ddx, saved, attrs) => {
      const [x] = saved as [tf.Tensor];
      return {
        dy: () => rectifierGrad(ddx as tf.Tensor, x, (attrs as { alpha: number }).alpha),
        x: () => tf.zerosLike(x),
      };
    },
  });
  installed = true;
}
