import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { opAttrs, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';

/**
 * The product of two matrices (rank 2) as one TensorFlow call on tfjs-node.
 *
 * tfjs computes every tf.matMul as a batched product: its two inputs reshaped to rank 3, one
 * BatchMatMulV2, the result reshaped back: three TensorFlow calls from JavaScript.
 * A dense layer's product under a gradient tape (gradients/prunable-fused-ops.ts) and its two
 * gradients are such products. The kernel GranularMatMul gives BatchMatMulV2 the two matrices
 * as they are (it takes rank 2: no batch axes), one call; its gradient is again made of
 * GranularMatMul, so every order of derivative works. Elsewhere (wasm, cpu, other ranks or
 * dtypes) matrixProduct is tf.matMul.
 *
 * Not TensorFlow's MatMul, though it runs small products faster (0.12 against 0.21 ms at
 * [64, 256] · [256, 512]): in TensorFlow 2.20's eager runtime, signals arriving while MatMul or
 * oneDNN's _MklMatMul runs corrupt the heap, and glibc aborts the process ("corrupted size vs.
 * prev_size"). The CPU profiler's SIGPROF did it within seconds; a Ctrl-C, a resized terminal
 * or a child process ending is such a signal too. BatchMatMulV2 went through 40,000 products
 * under 20,000 signals unharmed (docs/benchmarks.md).
 */
export const MATRIX_PRODUCT_KERNEL = 'GranularMatMul';

type Attrs = { transposeA: boolean; transposeB: boolean };

export function matrixProduct(a: tf.Tensor, b: tf.Tensor, transposeA = false, transposeB = false): tf.Tensor {
  if (
    a.rank === 2 &&
    b.rank === 2 &&
    a.dtype === 'float32' &&
    b.dtype === 'float32' &&
    tf.getKernel(MATRIX_PRODUCT_KERNEL, tf.getBackend())
  )
    return tf.engine().runKernel(MATRIX_PRODUCT_KERNEL, { a, b }, { transposeA, transposeB }) as tf.Tensor;
  return tf.matMul(a, b, transposeA, transposeB);
}

const onTensorFlow = ({
  inputs,
  backend,
  attrs,
}: {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: unknown;
  attrs: Attrs;
}) => {
  const node = backend as TensorFlowBackend;
  const attr = opAttrs(node);
  const [rowsA, colsA] = inputs.a.shape as [number, number];
  const [rowsB, colsB] = inputs.b.shape as [number, number];
  const inner = attrs.transposeA ? rowsA : colsA;
  if (inner !== (attrs.transposeB ? colsB : rowsB))
    throw new Error(`matrix product: inner sizes differ, [${inputs.a.shape}] · [${inputs.b.shape}]`);
  return node.executeSingleOutput(
    'BatchMatMulV2',
    [attr.float32Type('T'), attr.bool('adj_x', attrs.transposeA), attr.bool('adj_y', attrs.transposeB)],
    [inputs.a, inputs.b],
  );
};

let installed = false;

/** The kernel on tfjs-node (TensorFlow's own op: no build needed) and its gradient. */
export function installMatrixProduct(): void {
  if (installed) return;
  tf.registerKernel({
    kernelName: MATRIX_PRODUCT_KERNEL,
    backendName: 'tensorflow',
    kernelFunc: onTensorFlow as unknown as KernelFunc,
  });
  // C = op(A) · op(B): dA and dB as tfjs's BatchMatMul gradient writes them, one product each.
  tf.registerGradient({
    kernelName: MATRIX_PRODUCT_KERNEL,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved, attrs) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      const { transposeA, transposeB } = attrs as unknown as Attrs;
      if (!transposeA && !transposeB)
        return { a: () => matrixProduct(g, b, false, true), b: () => matrixProduct(a, g, true, false) };
      if (!transposeA && transposeB)
        return { a: () => matrixProduct(g, b, false, false), b: () => matrixProduct(g, a, true, false) };
      if (transposeA && !transposeB)
        return { a: () => matrixProduct(b, g, false, true), b: () => matrixProduct(a, g, false, false) };
      return { a: () => matrixProduct(b, g, true, true), b: () => matrixProduct(g, a, true, true) };
    },
  });
  installed = true;
}
