import * as tf from '@tensorflow/tfjs';
import type { KernelFunc } from '@tensorflow/tfjs';
import { opAttrs, type OpAttr, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';

/**
 * Batch normalization in training mode (batch statistics over every axis but the last) as
 * one kernel forward and one backward.
 *
 * tfjs-layers builds it from moments (mean, subtract, square, mean) and batchNorm, and
 * differentiates each piece: about 30 element-wise ops over the activations per layer and
 * step, with a Tile of the whole activation in batchNorm's gradient. The two batch norms of
 * the DCGAN generator cost 31 ms of its 143 ms tfjs-node step. Here, on tfjs-node the forward
 * is TensorFlow's FusedBatchNormV3 and the backward its FusedBatchNormGradV3 (one op each);
 * on wasm and cpu the forward is tfjs's own moments and batchNorm (the same values as
 * tfjs-layers) and the backward the closed form
 *   dx = γ·r·(dy − mean(dy) − x̂·mean(dy·x̂)),  dγ = Σ dy·x̂,  dβ = Σ dy,
 * with x̂ = (x − μ)·r and r = 1/√(σ² + ε): seven element-wise ops instead of about thirty.
 *
 * The mean and (biased) variance outputs are statistics for the running averages, constants
 * to the gradient (as TensorFlow's FusedBatchNorm treats them). There is no second derivative:
 * nothing differentiates through batch norm twice (a discriminator with batch norm refuses
 * gradient penalties, and no penalty differentiates the generator).
 */
export const BATCH_NORM_TRAINING = 'GranularBatchNormTraining';
const BATCH_NORM_TRAINING_GRAD = 'GranularBatchNormTrainingGrad';

export interface BatchNormTrainingResult {
  y: tf.Tensor;
  /** The batch mean per channel. */
  mean: tf.Tensor1D;
  /** The batch variance per channel, divided by n (as tf.moments). */
  variance: tf.Tensor1D;
}

/** Normalizes x (channels last, rank ≥ 2) with its batch statistics, then scales and shifts per channel. */
export function batchNormTraining(
  x: tf.Tensor,
  scale: tf.Tensor1D,
  offset: tf.Tensor1D,
  epsilon: number,
): BatchNormTrainingResult {
  const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x, scale, offset }, { epsilon }) as [
    tf.Tensor,
    tf.Tensor1D,
    tf.Tensor1D,
  ];
  return { y: y!, mean: mean!, variance: variance! };
}

/** Whether the current backend has the kernel (node, wasm and cpu do; others keep tfjs-layers' path). */
export function hasBatchNormTraining(): boolean {
  return tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) !== undefined;
}

type Inputs = Record<string, tf.Tensor>;
type Args = { inputs: Inputs; backend: unknown; attrs: { epsilon: number } };

const leadingAxes = (x: tf.Tensor) => x.shape.slice(0, -1).map((_, i) => i);

/** TensorFlow's fused ops want NHWC: [n, h, w, c] with statistics over n·h·w, so any rank folds into [rows, 1, 1, c]. */
const asNhwc = (x: tf.Tensor) => tf.reshape(x, [x.size / x.shape.at(-1)!, 1, 1, x.shape.at(-1)!]);

function fusedAttrs(node: TensorFlowBackend, epsilon: number): OpAttr[] {
  const attr = opAttrs(node);
  return [
    attr.float32Type('T'),
    attr.float32Type('U'),
    attr.float('epsilon', epsilon),
    attr.string('data_format', 'NHWC'),
    attr.bool('is_training', true),
  ];
}

// Kernels may run tfjs ops (tfjs-node's own kernels do): the tape does not record ops inside a kernel.

const forwardOnTensorFlow = ({ inputs: { x, scale, offset }, backend, attrs }: Args): tf.Tensor[] =>
  tf.tidy(() => {
    const empty = tf.tensor1d([]); // no running statistics in: is_training with the default averaging factor of 1
    // Outputs: y, batch mean, batch variance ×n/(n−1), then the saved mean and the saved (biased) variance.
    const [y, , , mean, variance] = (backend as TensorFlowBackend).executeMultipleOutputs(
      'FusedBatchNormV3',
      fusedAttrs(backend as TensorFlowBackend, attrs.epsilon),
      [asNhwc(x!), scale!, offset!, empty, empty],
      6,
    );
    return [tf.reshape(y!, x!.shape), mean!, variance!];
  });

const gradientOnTensorFlow = ({ inputs: { dy, x, scale, mean, variance }, backend, attrs }: Args): tf.Tensor[] =>
  tf.tidy(() => {
    const [dx, dScale, dOffset] = (backend as TensorFlowBackend).executeMultipleOutputs(
      'FusedBatchNormGradV3',
      fusedAttrs(backend as TensorFlowBackend, attrs.epsilon),
      [asNhwc(dy!), asNhwc(x!), scale!, mean!, variance!, tf.tensor1d([])],
      5,
    );
    return [tf.reshape(dx!, x!.shape), dScale!, dOffset!];
  });

const forwardComposed = ({ inputs: { x, scale, offset }, attrs }: Args): tf.Tensor[] =>
  tf.tidy(() => {
    // Exactly tfjs-layers' training path (moments, then batchNorm), so the values are the same.
    const { mean, variance } = tf.moments(x!, leadingAxes(x!));
    return [tf.batchNorm(x!, mean, variance, offset!, scale!, attrs.epsilon), mean, variance];
  });

const gradientComposed = ({ inputs: { dy, x, scale, mean, variance }, attrs }: Args): tf.Tensor[] =>
  tf.tidy(() => {
    const axes = leadingAxes(x!);
    const rows = x!.size / x!.shape.at(-1)!;
    const r = tf.rsqrt(tf.add(variance!, attrs.epsilon));
    const normalized = tf.mul(tf.sub(x!, mean!), r);
    const dOffset = tf.sum(dy!, axes);
    const dScale = tf.sum(tf.mul(dy!, normalized), axes);
    const centered = tf.sub(tf.sub(dy!, tf.div(dOffset, rows)), tf.mul(normalized, tf.div(dScale, rows)));
    return [tf.mul(centered, tf.mul(scale!, r)), dScale, dOffset];
  });

let installed = false;

export function installBatchNormTraining(): void {
  if (installed) return;
  const register = (kernelName: string, backendName: string, kernelFunc: (args: Args) => tf.Tensor[]) =>
    tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as unknown as KernelFunc });
  register(BATCH_NORM_TRAINING, 'tensorflow', forwardOnTensorFlow);
  register(BATCH_NORM_TRAINING_GRAD, 'tensorflow', gradientOnTensorFlow);
  for (const backendName of ['wasm', 'cpu']) {
    register(BATCH_NORM_TRAINING, backendName, forwardComposed);
    register(BATCH_NORM_TRAINING_GRAD, backendName, gradientComposed);
  }
  tf.registerGradient({
    kernelName: BATCH_NORM_TRAINING,
    inputsToSave: ['x', 'scale'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, scale, mean, variance] = saved as tf.Tensor[];
      // Only y's gradient counts; the statistics' (zeros: they feed the running averages) do not.
      const dy = (dys as tf.Tensor[])[0]!;
      // All three at once (one kernel call); each input's gradient is then a lookup.
      const [dx, dScale, dOffset] = tf
        .engine()
        .runKernel(
          BATCH_NORM_TRAINING_GRAD,
          { dy, x: x!, scale: scale!, mean: mean!, variance: variance! },
          attrs,
        ) as tf.Tensor[];
      return { x: () => dx!, scale: () => dScale!, offset: () => dOffset! };
    },
  });
  installed = true;
}
