import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';

function pattern(shape: number[], phase: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Array.from({ length: size }, (_, i) => Math.sin(i * 0.37 + phase) + 0.1 * Math.cos(i * 1.3)),
    shape,
  );
}

/** How often each kernel runs in `work`. */
async function kernelsRun(work: () => void): Promise<Map<string, number>> {
  const info = await tf.profile(() => {
    work();
  });
  const counts = new Map<string, number>();
  for (const kernel of info.kernels) counts.set(kernel.name, (counts.get(kernel.name) ?? 0) + 1);
  return counts;
}

const conv = (x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor) =>
  tf.fused.conv2d({ x: x as tf.Tensor4D, filter: filter as tf.Tensor4D, strides: 2, pad: 'same', bias });
const dense = (a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) =>
  tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias });

describe('fused conv2d and matMul under a gradient tape', () => {
  beforeAll(async () => {
    await selectBackend('cpu'); // installs them; the gradients are the same ops on every backend
  });

  it('give the values and all gradients of the fused ops', () => {
    const [x, filter, bias] = [pattern([2, 6, 6, 3], 0), pattern([3, 3, 3, 4], 1), pattern([4], 2)];
    const loss = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => conv(a, b, c).square().sum();
    const grads = tf.grads(loss)([x, filter, bias]);
    // The reference: the unfused composition, differentiated by tfjs.
    const reference = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
      tf
        .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')
        .add(c)
        .square()
        .sum(),
    )([x, filter, bias]);
    grads.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from(reference[i]!.dataSync())));
    // Outside a tape the original fused kernel runs, with the same values.
    const fusedValues = conv(x, filter, bias).dataSync();
    const plainValues = tf
      .conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 2, 'same')
      .add(bias)
      .dataSync();
    Array.from(fusedValues).forEach((v, i) => expect(v).toBeCloseTo(plainValues[i]!, 5));
  });

  it('compute no weight gradients when only the input gradient is asked for (a G step through D)', async () => {
    const [x, filter, bias, w, b] = [
      pattern([2, 6, 6, 3], 0),
      pattern([3, 3, 3, 4], 1),
      pattern([4], 2),
      pattern([36, 5], 3),
      pattern([5], 4),
    ];
    const kernels = await kernelsRun(() => {
      tf.grad((input: tf.Tensor) => dense(conv(input, filter, bias).reshape([2, 36]), w, b).sum())(x);
    });
    expect(kernels.get('Conv2DBackpropInput')).toBe(1);
    expect(kernels.has('Conv2DBackpropFilter')).toBe(false);
    // The forward product and the input gradient's: not the weight gradient's (a third).
    const input = pattern([2, 36], 5);
    const dInputs = await kernelsRun(() => {
      tf.grad((a: tf.Tensor) => dense(a, w, b).sum())(input);
    });
    expect(dInputs.get('BatchMatMul')).toBe(2);
  });

  it('compute no input gradient when only the weights are asked for (a D step on images)', async () => {
    const [x, filter, bias] = [pattern([2, 6, 6, 3], 0), pattern([3, 3, 3, 4], 1), pattern([4], 2)];
    const kernels = await kernelsRun(() => {
      tf.grads((f: tf.Tensor, c: tf.Tensor) => conv(x, f, c).sum())([filter, bias]);
    });
    expect(kernels.get('Conv2DBackpropFilter')).toBe(1);
    expect(kernels.has('Conv2DBackpropInput')).toBe(false);
  });
});
