import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { opAttrs, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';
import { nativeKernelsRunHere, tensorFlowOpsCalled, wave } from '../../test/support/native-kernels.ts';

const native = await nativeKernelsRunHere();

describe.skipIf(!native)("leaky ReLU as Granular's TensorFlow kernels", () => {
  // Big enough to be split across the cores, with zeros of both signs, infinities and a NaN.
  const values = [...wave(200_003, 7), 0, -0, Infinity, -Infinity, NaN];
  const upstream = wave(values.length, 8);

  it('forward and gradient are TensorFlow’s LeakyRelu and LeakyReluGrad, value for value', async () => {
    await selectBackend('node');
    const backend = tf.backend() as unknown as TensorFlowBackend;
    const attr = opAttrs(backend);
    const x = tf.tensor1d(values);
    const dy = tf.tensor1d(upstream);
    let y!: tf.Tensor;
    expect(tensorFlowOpsCalled(() => (y = tf.leakyRelu(x, 0.2)))).toEqual(['GranularLeakyRelu']);
    const theirs = backend.executeSingleOutput('LeakyRelu', [attr.float32Type('T'), attr.float('alpha', 0.2)], [x]);
    expect(Object.is(y.dataSync()[values.length - 4], -0)).toBe(Object.is(theirs.dataSync()[values.length - 4], -0));
    expect(Array.from(y.dataSync())).toEqual(Array.from(theirs.dataSync()));
    let dx!: tf.Tensor;
    const ops = tensorFlowOpsCalled(() => (dx = tf.grad((t: tf.Tensor) => tf.leakyRelu(t, 0.2))(x, dy)));
    expect(ops).toContain('GranularLeakyReluGrad');
    const theirGradient = backend.executeSingleOutput(
      'LeakyReluGrad',
      [attr.float32Type('T'), attr.float('alpha', 0.2)],
      [dy, x],
    );
    expect(Array.from(dx.dataSync())).toEqual(Array.from(theirGradient.dataSync()));
    tf.dispose([x, dy, y, theirs, dx, theirGradient]);
  });

  it('integer tensors get tfjs-node’s own kernel and its answer (TensorFlow’s LeakyRelu refuses them)', async () => {
    await selectBackend('node');
    const x = tf.tensor1d([-3, 2], 'int32');
    expect(() => tf.leakyRelu(x, 0.5)).toThrow(/Op<name=LeakyRelu;/);
    x.dispose();
  });
});
