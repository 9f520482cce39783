import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { avgPoolPyramid, gaussianPyramid, laplacianPyramid, reconstructLaplacian } from './image-pyramids.ts';

/** numpy values, not made with this code: tools/reference/make_reference.py writes them. */
const REFERENCE = join(import.meta.dirname, '..', '..', 'test', 'reference');

interface PyramidCase {
  image: number[][];
  levels: number;
  gaussian: number[][][];
  laplacian: number[][][];
}

function reference<T>(name: string): T[] {
  return (JSON.parse(readFileSync(join(REFERENCE, name), 'utf8')) as { cases: T[] }).cases;
}

function asImage(image: number[][]): tf.Tensor4D {
  return tf.tensor4d(image.flat(), [1, image.length, image[0]!.length, 1]);
}

function expectClose(actual: tf.Tensor, expected: number[][], tolerance: number): void {
  const values = actual.dataSync();
  const flat = expected.flat();
  expect(values.length).toBe(flat.length);
  flat.forEach((value, i) => expect(Math.abs(values[i]! - value)).toBeLessThan(tolerance));
}

describe.each(['cpu', 'wasm'])('pyramids on %s', (backend) => {
  beforeAll(async () => {
    if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
    expect(await tf.setBackend(backend)).toBe(true);
  });

  it('agree with the reference Gaussian and Laplacian pyramids to 1e-4', () => {
    for (const c of reference<PyramidCase>('pyramid.json')) {
      tf.tidy(() => {
        const gauss = gaussianPyramid(asImage(c.image), c.levels);
        const laplace = laplacianPyramid(asImage(c.image), c.levels);
        c.gaussian.forEach((level, i) => expectClose(gauss[i]!, level, 1e-4));
        c.laplacian.forEach((level, i) => expectClose(laplace[i]!, level, 1e-4));
        expectClose(reconstructLaplacian(laplace), c.image, 1e-4);
      });
    }
  });

  it('agree with the reference average-pool pyramids to 1e-4', () => {
    for (const c of reference<{ image: number[][]; avgpool: number[][][] }>('avgpool-pyramid.json')) {
      tf.tidy(() =>
        avgPoolPyramid(asImage(c.image), c.avgpool.length).forEach((level, i) =>
          expectClose(level, c.avgpool[i]!, 1e-4),
        ),
      );
    }
  });

  it('treat every channel and every image of a batch alike', () => {
    tf.tidy(() => {
      const one = tf.randomNormal([1, 8, 8, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
      const batch = tf.concat(
        [tf.concat([one, tf.mul(one, 2)], 3), tf.concat([tf.neg(one), one], 3)],
        0,
      ) as tf.Tensor4D;
      const single = laplacianPyramid(one, 3);
      const many = laplacianPyramid(batch, 3);
      many.forEach((level, i) => {
        const expected = single[i]!;
        expectClose(
          tf.slice(level, [0, 0, 0, 1], [1, -1, -1, 1]),
          (tf.mul(expected, 2).arraySync() as number[][][][])[0]!.map((row) => row.map((p) => p[0]!)),
          1e-5,
        );
        expectClose(
          tf.slice(level, [1, 0, 0, 0], [1, -1, -1, 1]),
          (tf.neg(expected).arraySync() as number[][][][])[0]!.map((row) => row.map((p) => p[0]!)),
          1e-5,
        );
      });
    });
  });

  it('have first and second derivatives that agree with finite differences', () => {
    // f(x) = Σ_levels Σ (laplacian level)² · weight; g(x) = ‖∇f(x)‖² needs the second derivative.
    const f = (x: tf.Tensor) =>
      tf.addN(
        laplacianPyramid(x as tf.Tensor4D, 3).map((level, i) => tf.mul(i + 1, tf.sum(tf.square(level)))),
      ) as tf.Scalar;
    const g = (x: tf.Tensor) => tf.sum(tf.square(tf.grad(f)(x))) as tf.Scalar;
    const x = tf.randomNormal([1, 8, 8, 1], 0, 1, 'float32', 7);
    const analytic = tf.grad(g)(x).dataSync();
    const values = Array.from(x.dataSync());
    const h = 1e-2;
    for (const index of [0, 9, 27, 63]) {
      const plus = [...values];
      const minus = [...values];
      plus[index]! += h;
      minus[index]! -= h;
      const numeric =
        (g(tf.tensor4d(plus, [1, 8, 8, 1])).dataSync()[0]! - g(tf.tensor4d(minus, [1, 8, 8, 1])).dataSync()[0]!) /
        (2 * h);
      // g is quadratic in x, so central differences are exact up to float32 rounding.
      expect(Math.abs(analytic[index]! - numeric)).toBeLessThan(1e-2 * Math.max(1, Math.abs(numeric)));
    }
  });
});
