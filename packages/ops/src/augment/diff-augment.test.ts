import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { halve } from '../pyramids/image-pyramids.ts';
import { diffAugment, identityDraw, type AugmentationDraw } from './diff-augment.ts';

const ALL = ['color', 'translation', 'cutout'] as const;

/** A draw for two examples: every transform on, with shifts and a cut square on the 4-pixel grid of an 8-px image. */
function alignedDraw(): AugmentationDraw {
  const draw = identityDraw(2);
  draw.brightness.set([0.3, -0.2]);
  draw.saturation.set([1.7, 0.4]);
  draw.contrast.set([0.6, 1.3]);
  draw.shiftX.set([4 / 8, -4 / 8]);
  draw.shiftY.set([-4 / 8, 0]);
  draw.cutX0.set([0, 4 / 8]);
  draw.cutX1.set([4 / 8, 1]);
  draw.cutY0.set([4 / 8, 0]);
  draw.cutY1.set([1, 4 / 8]);
  return draw;
}

function expectClose(actual: tf.Tensor, expected: tf.Tensor, digits = 5): void {
  expect(actual.shape).toEqual(expected.shape);
  const e = expected.dataSync();
  actual.dataSync().forEach((value, i) => expect(value).toBeCloseTo(e[i]!, digits));
}

describe('DiffAugment', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('the identity draw changes nothing', () => {
    const x = tf.randomUniform([2, 8, 8, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
    expectClose(diffAugment(x, identityDraw(2), ALL), x, 6);
  });

  it('one draw is the same transform at every scale: augmenting then halving equals halving then augmenting', () => {
    // Exactly so for shifts and cuts on the coarsest grid; between its pixels, coarse levels interpolate.
    const x = tf.randomUniform([2, 8, 8, 3], -1, 1, 'float32', 2) as tf.Tensor4D;
    const draw = alignedDraw();
    for (const policy of [['color'], ['translation'], ['cutout'], ALL] as const) {
      expectClose(halve(diffAugment(x, draw, policy)), diffAugment(halve(x), draw, policy));
      expectClose(halve(halve(diffAugment(x, draw, policy))), diffAugment(halve(halve(x)), draw, policy));
    }
  });

  it('a shift of one pixel moves the content by one pixel, filling with zero; half a pixel interpolates', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 1, 4, 1]);
    const draw = identityDraw(1);
    draw.shiftX[0] = 1 / 4;
    expect(Array.from(diffAugment(x, draw, ['translation']).dataSync())).toEqual([2, 3, 4, 0]);
    draw.shiftX[0] = -1 / 8;
    expect(Array.from(diffAugment(x, draw, ['translation']).dataSync())).toEqual([0.5, 1.5, 2.5, 3.5]);
  });

  it('with a fill value, shifted-in and cut pixels take it (partly covered ones in proportion)', () => {
    const x = tf.tensor4d([1, 2, 3, 4], [1, 1, 4, 1]);
    const draw = identityDraw(1);
    draw.shiftX[0] = 1 / 4;
    expect(Array.from(diffAugment(x, draw, ['translation'], -1).dataSync())).toEqual([2, 3, 4, -1]);
    draw.shiftX[0] = -1 / 8;
    expect(Array.from(diffAugment(x, draw, ['translation'], -1).dataSync())).toEqual([0, 1.5, 2.5, 3.5]);
    const ones = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const cut = identityDraw(1);
    [cut.cutX0[0], cut.cutX1[0], cut.cutY0[0], cut.cutY1[0]] = [0, 3 / 8, 0, 1 / 4];
    expect(Array.from(diffAugment(ones, cut, ['cutout'], -1).dataSync()).slice(0, 4)).toEqual([-1, 0, 1, 1]);
    // Colour is not an emptying transform: the fill leaves it alone.
    cut.brightness[0] = 0.25;
    expect(Array.from(diffAugment(ones, cut, ['color'], -1).dataSync()).slice(0, 2)).toEqual([1.25, 1.25]);
  });

  it('a cut square that covers part of a coarse pixel dims it by the share it covers', () => {
    const x = tf.ones([1, 4, 4, 1]) as tf.Tensor4D;
    const draw = identityDraw(1);
    [draw.cutX0[0], draw.cutX1[0], draw.cutY0[0], draw.cutY1[0]] = [0, 3 / 8, 0, 1 / 4];
    // Pixel (0, 0) is fully cut; pixel (0, 1) half (columns 2/8 to 3/8 of its 2/8 to 4/8).
    expect(Array.from(diffAugment(x, draw, ['cutout']).dataSync()).slice(0, 4)).toEqual([0, 0.5, 1, 1]);
  });

  it('R1 through the augmentation, ‖∇ₓ D(T(x))‖², has the gradient in D’s weights that finite differences give', () => {
    const x = tf.randomUniform([2, 8, 8, 3], -1, 1, 'float32', 3) as tf.Tensor4D;
    const draw = alignedDraw();
    draw.shiftX[0] = 1.5 / 8; // and a shift between pixels
    // D_θ(y) = Σ θ·y² + Σ y: its input gradient depends on θ, so R1's gradient in θ is a second derivative.
    const critic = (theta: tf.Tensor) => (y: tf.Tensor) => tf.add(tf.sum(tf.mul(theta, tf.square(y))), tf.sum(y));
    const r1 = (theta: tf.Tensor) =>
      tf.tidy(() => {
        const gradient = tf.grad((input: tf.Tensor) => critic(theta)(diffAugment(input as tf.Tensor4D, draw, ALL)))(x);
        return tf.sum(tf.square(gradient)) as tf.Scalar;
      });
    const theta0 = tf.randomUniform([1, 8, 8, 3], 0, 1, 'float32', 4);
    const analytic = tf.grad(r1)(theta0).dataSync();
    const values = theta0.dataSync();
    const eps = 1e-2;
    for (const index of [0, 37, 100, 191]) {
      const at = (delta: number) =>
        r1(
          tf.tensor(
            values.map((v, i) => (i === index ? v + delta : v)),
            theta0.shape,
          ),
        ).dataSync()[0]!;
      const numeric = (at(eps) - at(-eps)) / (2 * eps);
      expect(analytic[index]!).toBeCloseTo(numeric, 1);
      expect(Math.abs(analytic[index]! - numeric)).toBeLessThan(1e-3 * Math.max(1, Math.abs(numeric)));
    }
  });
});
