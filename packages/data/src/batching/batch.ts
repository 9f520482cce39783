import { definePort } from '@granular/core';
import * as tf from '@tensorflow/tfjs';

/** One training batch on the backend; flows as a `Batch` port and is disposed by the engine after its trip. */
export interface Batch {
  /** NHWC, float32, in the data set's range. */
  readonly images: tf.Tensor4D;
  readonly labels: tf.Tensor1D | undefined;
  /** 0-based epoch and position of the batch within it: where to resume. */
  readonly epoch: number;
  readonly index: number;
  readonly range: readonly [number, number];
  dispose(): void;
}

export const BATCH_PORT = definePort<Batch>('Batch', { data: true });

export function makeBatch(
  images: tf.Tensor4D,
  labels: tf.Tensor1D | undefined,
  epoch: number,
  index: number,
  range: readonly [number, number],
): Batch {
  return {
    images,
    labels,
    epoch,
    index,
    range,
    dispose() {
      images.dispose();
      labels?.dispose();
    },
  };
}
