import { definePort } from '@granular/core';
import type * as tf from '@tensorflow/tfjs';

/** A batch seen at several scales: NHWC tensors, finest first; flows as a `Pyramid` port. */
export interface PyramidBatch {
  readonly levels: readonly tf.Tensor4D[];
  readonly labels: tf.Tensor1D | undefined;
  readonly range: readonly [number, number];
  dispose(): void;
}

export const PYRAMID_PORT = definePort<PyramidBatch>('Pyramid', { data: true });
