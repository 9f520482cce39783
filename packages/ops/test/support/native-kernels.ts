import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/backend/select-backend.ts';
import type { TensorFlowBackend } from '../../src/backend/tensorflow-backend.ts';
import { nativeKernelsState } from '../../src/native-kernels/load-native-kernels.ts';
import { fusedConvolutionState } from '../../src/native-kernels/fused-conv-bias-leaky.ts';

/**
 * For the tests of Granular's TensorFlow kernels and of the fused convolution: whether they
 * run here (tfjs-node with the module and the addon npm run setup:native builds; CI has
 * neither, and those tests skip), and which TensorFlow ops a computation really called.
 */
/** Whether the node backend starts here (tfjs-node installed and loading). */
const nodeStarts = () =>
  selectBackend('node').then(
    () => true,
    () => false,
  );

export async function nativeKernelsRunHere(): Promise<boolean> {
  return (await nodeStarts()) && nativeKernelsState().loaded;
}

/** Whether TensorFlow's fused convolution runs here (tfjs-node with the addon setup:native compiles). */
export async function fusedConvolutionRunsHere(): Promise<boolean> {
  return (await nodeStarts()) && fusedConvolutionState().available;
}

/** The TensorFlow op names tfjs-node executed during `run` (the backend's own calls, observed, not replaced). */
export function tensorFlowOpsCalled(run: () => void): string[] {
  const backend = tf.backend() as unknown as TensorFlowBackend;
  const single = backend.executeSingleOutput.bind(backend);
  const multiple = backend.executeMultipleOutputs.bind(backend);
  const called: string[] = [];
  backend.executeSingleOutput = (name, attrs, inputs) => (called.push(name), single(name, attrs, inputs));
  backend.executeMultipleOutputs = (name, attrs, inputs, count) => (
    called.push(name),
    multiple(name, attrs, inputs, count)
  );
  try {
    run();
  } finally {
    backend.executeSingleOutput = single;
    backend.executeMultipleOutputs = multiple;
  }
  return called;
}

/** Deterministic values in (−1, 1) (no generator state shared between tests). */
export const wave = (count: number, seed: number) =>
  Array.from({ length: count }, (_, i) => Math.sin(12.9898 * (i + 1) + 78.233 * seed) % 1);

/** The largest |a − b| over the largest |b|: an error relative to the tensor's scale. */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return scale === 0 ? difference : difference / scale;
}
