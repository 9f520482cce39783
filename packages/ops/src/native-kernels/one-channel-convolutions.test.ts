import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';
import { nativeKernelsRunHere, relativeError, tensorFlowOpsCalled, wave } from '../../test/support/native-kernels.ts';

const native = await nativeKernelsRunHere();

type Case = {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
  /** Which of Granular's ops each of the convolution, its input gradient and its filter gradient should run (undefined: TensorFlow's). */
  ops: [string | undefined, string | undefined, string | undefined];
};

const cases: Case[] = [
  {
    name: '1 × 1 from one channel (fromRGB, lin_cat)',
    x: [3, 5, 6, 1],
    filter: [1, 1, 1, 7],
    strides: [1, 1],
    pad: 'valid',
    ops: ['GranularPointwiseConv', 'GranularPointwiseConvBackpropInput', 'GranularPointwiseConvBackpropFilter'],
  },
  {
    name: '1 × 1 to one channel (toRGB), 19 channels: past one vector of partial sums',
    x: [2, 4, 3, 19],
    filter: [1, 1, 19, 1],
    strides: [1, 1],
    pad: 'same',
    ops: ['GranularPointwiseConv', 'GranularPointwiseConvBackpropInput', 'GranularPointwiseConvBackpropFilter'],
  },
  {
    name: '5 × 5 stride 2 same from one channel (DCGAN)',
    x: [3, 9, 11, 1],
    filter: [5, 5, 1, 6],
    strides: [2, 2],
    pad: 'same',
    ops: [undefined, 'GranularOneChannelConvBackpropInput', undefined],
  },
  {
    name: '4 × 3 strides 2 × 3 valid from one channel',
    x: [2, 10, 13, 1],
    filter: [4, 3, 1, 5],
    strides: [2, 3],
    pad: 'valid',
    ops: [undefined, 'GranularOneChannelConvBackpropInput', undefined],
  },
  {
    name: '1 × 1 with channels on both sides (stays with TensorFlow)',
    x: [2, 4, 4, 3],
    filter: [1, 1, 3, 5],
    strides: [1, 1],
    pad: 'valid',
    ops: [undefined, undefined, undefined],
  },
  {
    name: '3 × 3 stride 1 from one channel (stays with TensorFlow)',
    x: [2, 6, 6, 1],
    filter: [3, 3, 1, 4],
    strides: [1, 1],
    pad: 'same',
    ops: [undefined, undefined, undefined],
  },
];

/** Float64 convolution, input gradient and filter gradient (NHWC, TensorFlow's padding: the extra row or column at the end). */
function references(
  { x: xShape, filter: wShape, strides: [sh, sw], pad }: Case,
  x: number[],
  w: number[],
  dy: number[],
) {
  const [n, h, width, ci] = xShape;
  const [kh, kw, , co] = wShape;
  const out = (size: number, k: number, s: number) =>
    pad === 'same' ? Math.ceil(size / s) : Math.ceil((size - k + 1) / s);
  const oh = out(h, kh, sh);
  const ow = out(width, kw, sw);
  const top = pad === 'same' ? Math.floor(Math.max((oh - 1) * sh + kh - h, 0) / 2) : 0;
  const left = pad === 'same' ? Math.floor(Math.max((ow - 1) * sw + kw - width, 0) / 2) : 0;
  const y = new Array<number>(n * oh * ow * co).fill(0);
  const dx = new Array<number>(x.length).fill(0);
  const dw = new Array<number>(w.length).fill(0);
  for (let b = 0; b < n; b++)
    for (let p = 0; p < oh; p++)
      for (let q = 0; q < ow; q++)
        for (let a = 0; a < kh; a++)
          for (let c = 0; c < kw; c++) {
            const i = p * sh + a - top;
            const j = q * sw + c - left;
            if (i < 0 || i >= h || j < 0 || j >= width) continue;
            for (let k = 0; k < ci; k++)
              for (let o = 0; o < co; o++) {
                const xi = ((b * h + i) * width + j) * ci + k;
                const wi = ((a * kw + c) * ci + k) * co + o;
                const yi = ((b * oh + p) * ow + q) * co + o;
                y[yi]! += x[xi]! * w[wi]!;
                dx[xi]! += dy[yi]! * w[wi]!;
                dw[wi]! += x[xi]! * dy[yi]!;
              }
          }
  return { y, dx, dw, outShape: [n, oh, ow, co] as [number, number, number, number] };
}

describe.skipIf(!native)("convolutions with a one-channel side as Granular's TensorFlow kernels", () => {
  // Float32 sums of up to 150 products against float64 ones: within 1e-5 of the largest value.
  it.each(cases)('$name: the float64 values, through the op expected', async (test) => {
    await selectBackend('node');
    const xValues = wave(
      test.x.reduce((a, b) => a * b),
      1,
    );
    const wValues = wave(
      test.filter.reduce((a, b) => a * b),
      2,
    );
    const probe = references(test, xValues, wValues, []);
    const dyValues = wave(probe.y.length, 3);
    const { y, dx, dw, outShape } = references(test, xValues, wValues, dyValues);
    const x = tf.tensor4d(xValues, test.x);
    const w = tf.tensor4d(wValues, test.filter);
    const dy = tf.tensor4d(dyValues, outShape);
    const convolve = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.conv2d(a, b, test.strides, test.pad);
    const results: tf.Tensor[] = [];
    const run = (f: () => tf.Tensor | tf.Tensor[]) => tensorFlowOpsCalled(() => results.push(...[f()].flat()));
    const granular = (ops: string[]) => ops.filter((op) => op.startsWith('Granular'));
    const [forwardOp, inputOp, filterOp] = test.ops;
    const present = (...ops: (string | undefined)[]) => ops.filter((op) => op !== undefined);
    expect(granular(run(() => convolve(x, w)))).toEqual(present(forwardOp));
    // A gradient runs the forward convolution first.
    expect(granular(run(() => tf.grad((t: tf.Tensor) => convolve(t as tf.Tensor4D, w))(x, dy)))).toEqual(
      present(forwardOp, inputOp),
    );
    expect(granular(run(() => tf.grad((t: tf.Tensor) => convolve(x, t as tf.Tensor4D))(w, dy)))).toEqual(
      present(forwardOp, filterOp),
    );
    const [forward, inputGradient, filterGradient] = results;
    expect(relativeError(forward!.dataSync(), y)).toBeLessThan(1e-5);
    expect(relativeError(inputGradient!.dataSync(), dx)).toBeLessThan(1e-5);
    expect(relativeError(filterGradient!.dataSync(), dw)).toBeLessThan(1e-5);
    // The transposed convolution a generator runs is the same input-gradient kernel.
    const transposed = tf.conv2dTranspose(dy, w, test.x, test.strides, test.pad);
    expect(relativeError(transposed.dataSync(), dx)).toBeLessThan(1e-5);
    tf.dispose([x, w, dy, transposed, ...results]);
  });
});
