import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendName } from '../backend/select-backend.ts';
import { halve, repeat2x } from './image-pyramids.ts';
import { nativeKernelsRunHere, tensorFlowOpsCalled } from '../../test/support/native-kernels.ts';

const loads = async (backend: BackendName) =>
  selectBackend(backend).then(
    () => true,
    () => false,
  );
const available = { cpu: await loads('cpu'), wasm: await loads('wasm'), node: await loads('node') };

const values = (count: number, seed: number) =>
  Array.from({ length: count }, (_, i) => Math.sin(12.9898 * (i + 1) + 78.233 * seed) % 1);
const at = (shape: readonly number[], [n, y, x, c]: number[]) =>
  ((n! * shape[1]! + y!) * shape[2]! + x!) * shape[3]! + c!;

/** The float64 references: the mean of each 2×2 block, and each pixel repeated 2×2. */
function halveReference(input: number[], shape: readonly number[]): number[] {
  const [n, h, w, c] = shape as [number, number, number, number];
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h / 2; y++)
      for (let x = 0; x < w / 2; x++)
        for (let k = 0; k < c; k++)
          out.push(
            (input[at(shape, [b, 2 * y, 2 * x, k])]! +
              input[at(shape, [b, 2 * y + 1, 2 * x, k])]! +
              input[at(shape, [b, 2 * y, 2 * x + 1, k])]! +
              input[at(shape, [b, 2 * y + 1, 2 * x + 1, k])]!) /
              4,
          );
  return out;
}

function repeatReference(input: number[], shape: readonly number[]): number[] {
  const [n, h, w, c] = shape as [number, number, number, number];
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let y = 0; y < 2 * h; y++)
      for (let x = 0; x < 2 * w; x++) for (let k = 0; k < c; k++) out.push(input[at(shape, [b, y >> 1, x >> 1, k])]!);
  return out;
}

const expectClose = (actual: ArrayLike<number>, expected: number[], tolerance: number) => {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, i) => expect(Math.abs(actual[i]! - value)).toBeLessThanOrEqual(tolerance));
};

// A batch of two (tfjs's resizeNearestNeighbor gradient is wrong on cpu for batches); 3 channels
// take the composed halve inside wasm's kernel, 8 its AvgPool.
describe.each([
  ['cpu', 3],
  ['wasm', 3],
  ['wasm', 8],
  ['node', 3],
] as const)('halve and repeat2x as kernels on %s, %i channels', (backend, channels) => {
  const SHAPE = [2, 4, 6, channels] as const;
  const size = SHAPE.reduce((a, b) => a * b, 1);
  const halfShape: [number, number, number, number] = [2, 2, 3, channels];
  const doubleShape: [number, number, number, number] = [2, 8, 12, channels];

  it.skipIf(!available[backend])('values against float64, through the kernels, leaving no tensors behind', async () => {
    await selectBackend(backend);
    const before = tf.memory().numTensors;
    const input = values(size, 1);
    const x = tf.tensor4d(input, [...SHAPE]);
    const info = await tf.profile(() => tf.dispose([halve(x), repeat2x(x)]));
    // repeat2x is a kernel on tfjs-node only: elsewhere the composed form is faster.
    expect(info.kernels.map((kernel) => kernel.name)).toEqual(
      expect.arrayContaining(backend === 'node' ? ['GranularHalve', 'GranularRepeat2x'] : ['GranularHalve']),
    );
    const [halved, repeated] = [halve(x), repeat2x(x)];
    expect(halved.shape).toEqual(halfShape);
    expect(repeated.shape).toEqual(doubleShape);
    expectClose(halved.dataSync(), halveReference(input, SHAPE), 1e-6);
    expectClose(repeated.dataSync(), repeatReference(input, SHAPE).map(Math.fround), 0); // copies: exact
    tf.dispose([x, halved, repeated]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it.skipIf(!available[backend])(
    'first derivatives: each is the adjoint of the other (repeat2x / 4 and 2×2 block sums)',
    async () => {
      await selectBackend(backend);
      const x = tf.tensor4d(values(size, 2), [...SHAPE]);
      const small = values(size / 4, 3);
      const large = values(size * 4, 4);
      const halveGradient = tf.grad((a: tf.Tensor) =>
        tf.sum(tf.mul(halve(a as tf.Tensor4D), tf.tensor4d(small, halfShape))),
      )(x);
      expectClose(
        halveGradient.dataSync(),
        repeatReference(small, halfShape).map((v) => v / 4),
        1e-6,
      );
      const repeatGradient = tf.grad((a: tf.Tensor) =>
        tf.sum(tf.mul(repeat2x(a as tf.Tensor4D), tf.tensor4d(large, doubleShape))),
      )(x);
      expectClose(
        repeatGradient.dataSync(),
        halveReference(large, doubleShape).map((v) => 4 * v),
        1e-5,
      );
      tf.dispose([x, halveGradient, repeatGradient]);
    },
  );

  it.skipIf(!available[backend])(
    'second derivatives (what R1 takes through a discriminator that pools) against finite differences',
    async () => {
      await selectBackend(backend);
      const w = tf.tensor4d(values(size / 4, 5), halfShape);
      const v = tf.tensor4d(values(size * 4, 6), doubleShape);
      // f is a quadratic in x, g = ‖∇f‖² another: central differences of g are exact up to rounding.
      const f = (x: tf.Tensor) =>
        tf.add(
          tf.sum(tf.mul(w, tf.square(halve(x as tf.Tensor4D)))),
          tf.sum(tf.mul(v, tf.square(repeat2x(x as tf.Tensor4D)))),
        );
      const g = (x: tf.Tensor) => tf.sum(tf.square(tf.grad(f)(x)));
      const input = values(size, 7);
      const analytic = tf
        .grad(g)(tf.tensor4d(input, [...SHAPE]))
        .dataSync();
      const h = 1e-2;
      for (const index of [0, 5, 31, 70]) {
        const shifted = (delta: number) =>
          g(
            tf.tensor4d(
              input.map((value, i) => (i === index ? value + delta : value)),
              [...SHAPE],
            ),
          ).dataSync()[0]!;
        const numeric = (shifted(h) - shifted(-h)) / (2 * h);
        expect(Math.abs(analytic[index]! - numeric)).toBeLessThan(1e-2 * Math.max(1, Math.abs(numeric)));
      }
      tf.dispose([w, v]);
    },
  );
});

describe.skipIf(!(await nativeKernelsRunHere()))("halve and repeat2x as Granular's TensorFlow kernels", () => {
  it('each direction and each gradient is one of our ops, the scale inside it', async () => {
    await selectBackend('node');
    const x = tf.tensor4d(values(2 * 4 * 6 * 3, 8), [2, 4, 6, 3]);
    const ops = (run: () => tf.Tensor) => tensorFlowOpsCalled(() => run().dispose());
    expect(ops(() => halve(x))).toEqual(['GranularSumPool2x']);
    expect(ops(() => repeat2x(x))).toEqual(['GranularRepeat2xScaled']);
    // Gradients: the forward op, then its adjoint, with no separate Multiply for the ¼ or the 4.
    expect(ops(() => tf.grad((a: tf.Tensor) => halve(a as tf.Tensor4D))(x)).filter((op) => op !== 'OnesLike')).toEqual([
      'GranularSumPool2x',
      'GranularRepeat2xScaled',
    ]);
    expect(
      ops(() => tf.grad((a: tf.Tensor) => repeat2x(a as tf.Tensor4D))(x)).filter((op) => op !== 'OnesLike'),
    ).toEqual(['GranularRepeat2xScaled', 'GranularSumPool2x']);
    x.dispose();
  });
});
