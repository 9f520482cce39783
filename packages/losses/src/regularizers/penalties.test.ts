import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradientPenalty, r1Penalty, type Critic } from './penalties.ts';

/**
 * Independent checks of the penalties: their values against gradients taken by central
 * differences on the inputs (no autodiff), and their gradients with respect to D's weights
 * (second derivatives, what D's update uses) against central differences on the weights.
 * Small smooth critics (softplus: tfjs 4.22 gets second derivatives through tanh, sigmoid and
 * exp wrong, as their gradients reuse the saved output), float32, relative error below 1e-2.
 */
function seeded(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 0.5, 'float32', seed);
}

/** A one- or two-scale critic: a conv branch per scale, softplus, then a linear read-out, summed. */
function critic(weights: tf.Tensor[]): Critic {
  return (inputs) => {
    const branches = inputs.map((x, s) => {
      const features = tf.softplus(tf.conv2d(x as tf.Tensor4D, weights[2 * s] as tf.Tensor4D, 1, 'same'));
      return tf.matMul(tf.reshape(features, [x.shape[0]!, -1]), weights[2 * s + 1] as tf.Tensor2D);
    });
    return tf.addN(branches);
  };
}

function setup(scales: number[]) {
  const weights = scales.flatMap((size, s) => [seeded([3, 3, 1, 2], 10 + s), seeded([size * size * 2, 1], 20 + s)]);
  const real = scales.map((size, s) => seeded([3, size, size, 1], 30 + s));
  const fake = scales.map((size, s) => seeded([3, size, size, 1], 40 + s));
  return { weights, real, fake };
}

/** ∇ₓ Σ D(x) by central differences, per scale, as plain arrays. */
function numericInputGradients(weights: tf.Tensor[], inputs: tf.Tensor[], h = 1e-2): number[][] {
  return inputs.map((input, s) => {
    const values = Array.from(input.dataSync());
    return values.map((_, i) => {
      const shifted = (delta: number) => {
        const copy = [...values];
        copy[i]! += delta;
        const moved = inputs.map((x, t) => (t === s ? tf.tensor(copy, x.shape) : x));
        return tf.sum(critic(weights)(moved) as tf.Tensor).dataSync()[0]!;
      };
      return (shifted(h) - shifted(-h)) / (2 * h);
    });
  });
}

function relativeError(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(1e-3, Math.abs(b));
}

/** d(penalty)/d(weight element) by central differences, for a few elements of every weight tensor. */
function expectWeightGradientMatches(penalty: (weights: tf.Tensor[]) => tf.Scalar, weights: tf.Tensor[]): void {
  const analytic = tf
    .grads((...w: tf.Tensor[]) => penalty(w))(weights)
    .map((g) => g.dataSync());
  weights.forEach((weight, k) => {
    const values = Array.from(weight.dataSync());
    for (const i of [0, Math.floor(values.length / 2), values.length - 1]) {
      const at = (delta: number) => {
        const copy = [...values];
        copy[i]! += delta;
        return penalty(weights.map((w, j) => (j === k ? tf.tensor(copy, w.shape) : w))).dataSync()[0]!;
      };
      const h = 1e-2;
      const numeric = (at(h) - at(-h)) / (2 * h);
      expect(
        relativeError(analytic[k]![i]!, numeric),
        `weight ${k}[${i}]: ${analytic[k]![i]} vs ${numeric}`,
      ).toBeLessThan(1e-2);
    }
  });
}

describe.each([
  ['a single-scale D', [4]],
  ['a two-scale D', [4, 2]],
])('penalties on %s', (_, scales) => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('R1 is γ/2 · the mean over scales of E‖∇ₓD(x)‖², with gradients taken by differences', () => {
    const { weights, real } = setup(scales);
    const numeric = numericInputGradients(weights, real);
    const perScale = numeric.map((g, s) => {
      const perExample = g.length / 3;
      return (
        [0, 1, 2]
          .map((n) => g.slice(n * perExample, (n + 1) * perExample).reduce((sum, v) => sum + v * v, 0))
          .reduce((a, b) => a + b, 0) / 3
      );
      void s;
    });
    const expected = (5 / 2) * (perScale.reduce((a, b) => a + b, 0) / perScale.length);
    expect(relativeError(r1Penalty(critic(weights), real, 5).dataSync()[0]!, expected)).toBeLessThan(1e-2);
  });

  it("R1's gradient with respect to D's weights matches differences", () => {
    const { weights, real } = setup(scales);
    expectWeightGradientMatches((w) => r1Penalty(critic(w), real, 5), weights);
  });

  it('the gradient penalty is λ·E[(‖∇D(x̂)‖ − 1)²] on interpolates sharing ε across scales', () => {
    const { weights, real, fake } = setup(scales);
    const epsilon = tf.tensor1d([0.2, 0.5, 0.9]);
    const mixed = real.map((r, s) =>
      tf.add(
        tf.mul(tf.reshape(epsilon, [3, 1, 1, 1]), r),
        tf.mul(tf.sub(1, tf.reshape(epsilon, [3, 1, 1, 1])), fake[s]!),
      ),
    );
    const numeric = numericInputGradients(weights, mixed);
    const norms = [0, 1, 2].map((n) =>
      Math.sqrt(
        numeric.reduce((sum, g) => {
          const perExample = g.length / 3;
          return sum + g.slice(n * perExample, (n + 1) * perExample).reduce((a, v) => a + v * v, 0);
        }, 0),
      ),
    );
    const expected = (10 * norms.reduce((sum, norm) => sum + (norm - 1) ** 2, 0)) / 3;
    expect(
      relativeError(gradientPenalty(critic(weights), real, fake, 10, epsilon).dataSync()[0]!, expected),
    ).toBeLessThan(1e-2);
  });

  it("the gradient penalty's gradient with respect to D's weights matches differences", () => {
    const { weights, real, fake } = setup(scales);
    const epsilon = tf.tensor1d([0.2, 0.5, 0.9]);
    expectWeightGradientMatches((w) => gradientPenalty(critic(w), real, fake, 10, epsilon), weights);
  });
});
