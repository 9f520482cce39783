import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select-backend.ts';

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];

/** Deterministic, non-symmetric inputs, so that a transposed or flipped index shows. */
function pattern(shape: number[], phase: number): number[] {
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: size }, (_, i) => Math.sin(i * 0.37 + phase) + 0.1 * Math.cos(i * 1.3));
}

/** Gradients of sum(conv2d(x, w)²) with respect to x and w, on one backend. */
async function gradients(backend: string, xShape: number[], wShape: number[], strides: [number, number], pad: Pad) {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(pattern(xShape, 0), xShape as [number, number, number, number]);
    const w = tf.tensor4d(pattern(wShape, 1), wShape as [number, number, number, number]);
    const loss = (a: tf.Tensor, b: tf.Tensor) =>
      tf
        .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, strides, pad)
        .square()
        .sum();
    const [dx, dw] = tf.grads(loss)([x, w]);
    const transposedInput = tf.conv2dTranspose(
      tf.tensor4d(pattern([xShape[0]!, 3, 3, wShape[2]!], 2), [xShape[0]!, 3, 3, wShape[2]!]),
      tf.tensor4d(pattern([wShape[0]!, wShape[1]!, wShape[3]!, wShape[2]!], 3), [
        wShape[0]!,
        wShape[1]!,
        wShape[3]!,
        wShape[2]!,
      ]),
      [xShape[0]!, 3 * strides[0], 3 * strides[1], wShape[3]!],
      strides,
      'same',
    );
    return {
      dx: dx!.arraySync() as number[][][][],
      dw: dw!.arraySync() as number[][][][],
      transposed: transposedInput.arraySync() as number[][][][],
    };
  });
}

function maxRelativeError(actual: unknown, expected: unknown): number {
  const a = (actual as number[]).flat(4) as number[];
  const e = (expected as number[]).flat(4) as number[];
  expect(a.length).toBe(e.length);
  const scale = Math.max(1, ...e.map(Math.abs));
  return Math.max(...a.map((value, i) => Math.abs(value - e[i]!))) / scale;
}

const cases: { name: string; x: number[]; w: number[]; strides: [number, number]; pad: Pad }[] = [
  { name: 'stride 1, same', x: [2, 9, 9, 3], w: [3, 3, 3, 4], strides: [1, 1], pad: 'same' },
  { name: 'stride 1, valid', x: [2, 8, 7, 2], w: [3, 2, 2, 3], strides: [1, 1], pad: 'valid' },
  { name: 'stride 2, same (the DCGAN layer)', x: [2, 12, 12, 3], w: [5, 5, 3, 4], strides: [2, 2], pad: 'same' },
  { name: 'stride 2, same, odd size', x: [2, 9, 9, 3], w: [5, 5, 3, 4], strides: [2, 2], pad: 'same' },
  { name: 'stride 2, valid', x: [1, 11, 10, 2], w: [4, 3, 2, 3], strides: [2, 2], pad: 'valid' },
  { name: 'stride 3, same', x: [2, 10, 10, 2], w: [3, 3, 2, 5], strides: [3, 3], pad: 'same' },
  {
    name: 'stride 3, valid, rows the forward pass never reads',
    x: [1, 12, 11, 2],
    w: [4, 4, 2, 3],
    strides: [3, 3],
    pad: 'valid',
  },
  { name: 'mixed strides 3 × 2, valid', x: [2, 10, 11, 3], w: [5, 5, 3, 4], strides: [3, 2], pad: 'valid' },
  { name: 'mixed strides 1 × 2, same', x: [1, 7, 8, 2], w: [3, 3, 2, 2], strides: [1, 2], pad: 'same' },
  {
    name: 'explicit padding, strides 2 × 3',
    x: [1, 8, 8, 2],
    w: [3, 3, 2, 5],
    strides: [2, 3],
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { name: 'kernel smaller than the stride', x: [2, 7, 7, 1], w: [2, 2, 1, 3], strides: [3, 3], pad: 'same' },
  // One image channel (D's first layer; G's last transposed convolution when w has one output channel).
  { name: 'one channel in, stride 2, same (D)', x: [3, 12, 12, 1], w: [5, 5, 1, 6], strides: [2, 2], pad: 'same' },
  { name: 'one channel in, stride 2, same, odd size', x: [2, 9, 11, 1], w: [5, 4, 1, 3], strides: [2, 2], pad: 'same' },
  { name: 'one channel in, stride 1, valid', x: [2, 8, 7, 1], w: [3, 2, 1, 4], strides: [1, 1], pad: 'valid' },
  { name: 'one channel out, stride 2, same (G)', x: [2, 12, 12, 3], w: [5, 5, 3, 1], strides: [2, 2], pad: 'same' },
  { name: 'one channel in and out, stride 3, same', x: [2, 10, 10, 1], w: [3, 3, 1, 1], strides: [3, 3], pad: 'same' },
];

describe('wasm conv2d gradient kernels agree with the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  for (const c of cases) {
    it(c.name, async () => {
      const expected = await gradients('cpu', c.x, c.w, c.strides, c.pad);
      const actual = await gradients('wasm', c.x, c.w, c.strides, c.pad);
      expect(maxRelativeError(actual.dx, expected.dx)).toBeLessThan(1e-5);
      expect(maxRelativeError(actual.dw, expected.dw)).toBeLessThan(1e-5);
      expect(maxRelativeError(actual.transposed, expected.transposed)).toBeLessThan(1e-5);
    });
  }

  it('leave no tensors or heap buffers behind', async () => {
    await tf.setBackend('wasm');
    // Every path: many channels, one channel in (D's first layer), one channel out (G's last).
    const all = async () => {
      await gradients('wasm', [2, 9, 9, 3], [5, 5, 3, 4], [2, 2], 'same');
      await gradients('wasm', [2, 12, 12, 1], [5, 5, 1, 4], [2, 2], 'same');
      await gradients('wasm', [2, 12, 12, 3], [5, 5, 3, 1], [2, 2], 'same');
    };
    await all();
    const before = tf.memory();
    await all();
    expect(tf.memory().numTensors).toBe(before.numTensors);
    // …nor buffers in the wasm heap (our kernels release their intermediates).
    expect(tf.memory().numDataBuffers).toBe(before.numDataBuffers);
  });
});
