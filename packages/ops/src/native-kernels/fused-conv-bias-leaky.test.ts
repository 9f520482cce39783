import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { convBiasLeaky, type ConvBiasLeakyAttrs } from '../convolution/conv-bias-leaky.ts';
import {
  fusedConvolutionRunsHere,
  relativeError,
  tensorFlowOpsCalled,
  wave,
} from '../../test/support/native-kernels.ts';

const fused = await fusedConvolutionRunsHere();

type Case = { name: string; x: number[]; filter: number[]; attrs: ConvBiasLeakyAttrs };

// The layers Granular builds from it: 3×3 'same' (ProGAN blocks), 5×5 stride 2 'same' (DCGAN's D),
// the 4×4 'valid' convolution that ends the MSG-GAN D, and a 1×1 (fromRGB).
const CASES: Case[] = [
  { name: '3×3 same', x: [2, 6, 6, 3], filter: [3, 3, 3, 4], attrs: { strides: [1, 1], pad: 'same', alpha: 0.2 } },
  { name: '5×5 stride 2', x: [2, 7, 7, 2], filter: [5, 5, 2, 3], attrs: { strides: [2, 2], pad: 'same', alpha: 0.2 } },
  { name: '4×4 valid', x: [3, 4, 4, 5], filter: [4, 4, 5, 2], attrs: { strides: [1, 1], pad: 'valid', alpha: 0.1 } },
  { name: '1×1, ReLU', x: [2, 3, 3, 1], filter: [1, 1, 1, 6], attrs: { strides: [1, 1], pad: 'valid', alpha: 0 } },
];

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function inputs({ x, filter }: Case, seed: number) {
  return {
    x: tf.tensor4d(wave(size(x), seed), x as [number, number, number, number]),
    filter: tf.tensor4d(wave(size(filter), seed + 1), filter as [number, number, number, number]),
    bias: tf.tensor1d(wave(filter[3]!, seed + 2).map((v) => v / 4)),
  };
}

/** The convolution, bias add and leaky ReLU in float64, straight from their definitions (TensorFlow's 'same' padding). */
function reference(c: Case, x: ArrayLike<number>, filter: ArrayLike<number>, bias: ArrayLike<number>): number[] {
  const [n, h, w, cin] = c.x as [number, number, number, number];
  const [k, , , cout] = c.filter as [number, number, number, number];
  const [stride] = c.attrs.strides;
  const out = (side: number) =>
    c.attrs.pad === 'same' ? Math.ceil(side / stride) : Math.ceil((side - k + 1) / stride);
  const before = (side: number) =>
    c.attrs.pad === 'same' ? Math.floor(Math.max((out(side) - 1) * stride + k - side, 0) / 2) : 0;
  const result: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < out(h); i++)
      for (let j = 0; j < out(w); j++)
        for (let o = 0; o < cout; o++) {
          let sum = bias[o]!;
          for (let di = 0; di < k; di++)
            for (let dj = 0; dj < k; dj++) {
              const row = i * stride + di - before(h);
              const col = j * stride + dj - before(w);
              if (row < 0 || row >= h || col < 0 || col >= w) continue;
              for (let ci = 0; ci < cin; ci++)
                sum += x[((b * h + row) * w + col) * cin + ci]! * filter[((di * k + dj) * cin + ci) * cout + o]!;
            }
          result.push(sum > 0 ? sum : c.attrs.alpha * sum);
        }
  return result;
}

/** What a tfjs conv2d layer and a leaky ReLU layer run: the composed form, whatever kernels are registered. */
const composed = (
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  bias: tf.Tensor1D,
  { strides, pad, alpha }: ConvBiasLeakyAttrs,
) => tf.leakyRelu(tf.fused.conv2d({ x, filter, bias, strides, pad }), alpha);

describe.skipIf(!fused)('the fused convolution with bias and leaky ReLU on tfjs-node', () => {
  it.each(CASES)(
    '$name: one TensorFlow call, the composed ops’ values bit for bit (but the sign of zero), float64’s within rounding',
    async (c) => {
      await selectBackend('node');
      const { x, filter, bias } = inputs(c, 3);
      let y!: tf.Tensor;
      expect(tensorFlowOpsCalled(() => (y = convBiasLeaky(x, filter, bias, c.attrs)))).toEqual([
        '_MklNativeFusedConv2D',
      ]);
      const theirs = composed(x, filter, bias, c.attrs);
      expect(y.shape).toEqual(theirs.shape);
      // Adding +0 equates −0 and +0: with α = 0 oneDNN's ReLU gives +0 where the composed ops give −0 (0·x for x < 0).
      const signless = (t: tf.Tensor) => Array.from(t.dataSync(), (v) => v + 0);
      expect(signless(y)).toEqual(signless(theirs));
      const exact = reference(c, x.dataSync(), filter.dataSync(), bias.dataSync());
      expect(relativeError(y.dataSync(), exact)).toBeLessThan(1e-6);
      tf.dispose([x, filter, bias, y, theirs]);
    },
  );

  it.each(CASES)('$name: the gradients of x, filter and bias are the composed ops’, bit for bit', async (c) => {
    await selectBackend('node');
    const { x, filter, bias } = inputs(c, 5);
    const upstream = (shape: number[]) => tf.tensor(wave(size(shape), 9), shape);
    const gradients = (op: typeof convBiasLeaky) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor, d: tf.Tensor) =>
        tf.sum(
          tf.mul(
            op(a as tf.Tensor4D, b as tf.Tensor4D, d as tf.Tensor1D, c.attrs),
            upstream(composed(x, filter, bias, c.attrs).shape),
          ),
        ),
      )([x, filter, bias]);
    const ours = gradients(convBiasLeaky);
    const theirs = gradients(composed);
    ours.forEach((gradient, i) => expect(Array.from(gradient.dataSync())).toEqual(Array.from(theirs[i]!.dataSync())));
    tf.dispose([x, filter, bias, ...ours, ...theirs]);
  });

  it('second derivatives (an R1 penalty’s gradient in the filter and bias) are the composed ops’', async () => {
    await selectBackend('node');
    const c = CASES[1]!;
    const { x, filter, bias } = inputs(c, 11);
    // R1: the squared norm of the gradient of Σ D(x) in x, differentiated in D's weights.
    const penaltyGradients = (op: typeof convBiasLeaky) =>
      tf.grads((f: tf.Tensor, b: tf.Tensor) => {
        const inputGradient = tf.grad((image: tf.Tensor) =>
          tf.sum(tf.square(op(image as tf.Tensor4D, f as tf.Tensor4D, b as tf.Tensor1D, c.attrs))),
        )(x);
        return tf.sum(tf.square(inputGradient));
      })([filter, bias]);
    const ours = penaltyGradients(convBiasLeaky);
    const theirs = penaltyGradients(composed);
    ours.forEach((gradient, i) => {
      expect(relativeError(gradient.dataSync(), theirs[i]!.dataSync())).toBeLessThan(1e-6);
      expect(Math.max(...Array.from(gradient.dataSync()).map(Math.abs))).toBeGreaterThan(0);
    });
    tf.dispose([x, filter, bias, ...ours, ...theirs]);
  });

  it('a negative slope takes the composed form (the kernel’s gradient reads the mask off its output)', async () => {
    await selectBackend('node');
    const c = { ...CASES[0]!, attrs: { ...CASES[0]!.attrs, alpha: -0.5 } };
    const { x, filter, bias } = inputs(c, 13);
    let y!: tf.Tensor;
    expect(tensorFlowOpsCalled(() => (y = convBiasLeaky(x, filter, bias, c.attrs)))).not.toContain(
      '_MklNativeFusedConv2D',
    );
    expect(relativeError(y.dataSync(), reference(c, x.dataSync(), filter.dataSync(), bias.dataSync()))).toBeLessThan(
      1e-6,
    );
    tf.dispose([x, filter, bias, y]);
  });

  it('training steps through it leave no tensors behind', async () => {
    await selectBackend('node');
    const c = CASES[0]!;
    const { x, filter, bias } = inputs(c, 17);
    const weights = [tf.variable(filter), tf.variable(bias)];
    const step = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () =>
            tf.sum(
              tf.square(convBiasLeaky(x, weights[0] as tf.Tensor4D, weights[1] as tf.Tensor1D, c.attrs)),
            ) as tf.Scalar,
          weights,
        );
        weights.forEach((w) => w.assign(tf.sub(w, tf.mul(grads[w.name]!, 1e-3))));
      });
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, filter, bias, ...weights]);
  });
});

describe('the fused convolution’s composed form (every backend without the kernel)', () => {
  it('on cpu: float64’s values for every case', async () => {
    await selectBackend('cpu');
    for (const c of CASES) {
      const { x, filter, bias } = inputs(c, 19);
      const y = convBiasLeaky(x, filter, bias, c.attrs);
      expect(relativeError(y.dataSync(), reference(c, x.dataSync(), filter.dataSync(), bias.dataSync()))).toBeLessThan(
        1e-6,
      );
      tf.dispose([x, filter, bias, y]);
    }
  });
});
