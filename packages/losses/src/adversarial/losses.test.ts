import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { leastSquares } from './least-squares.ts';
import { minimax } from './minimax.ts';
import { nonSaturating } from './non-saturating.ts';

const realLogits = [2.5, -0.7, 0.1, 4.0];
const fakeLogits = [-3.0, 0.4, -0.2, 1.5];
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The textbook formulas on probabilities, in float64: the reference the logit forms must match. */
const reference = {
  discriminator: (realTarget = 1) =>
    mean(realLogits.map((l) => -(realTarget * Math.log(sigmoid(l)) + (1 - realTarget) * Math.log(1 - sigmoid(l))))) +
    mean(fakeLogits.map((l) => -Math.log(1 - sigmoid(l)))),
  minimaxGenerator: () => mean(fakeLogits.map((l) => Math.log(1 - sigmoid(l)))),
  nonSaturatingGenerator: () => mean(fakeLogits.map((l) => -Math.log(sigmoid(l)))),
};

function value(scalar: tf.Scalar): number {
  const result = scalar.dataSync()[0]!;
  scalar.dispose();
  return result;
}

let real: tf.Tensor;
let fake: tf.Tensor;
beforeAll(async () => {
  await tf.setBackend('cpu');
  real = tf.tensor1d(realLogits);
  fake = tf.tensor1d(fakeLogits);
});

describe('adversarial losses, against their closed forms', () => {
  it('minimax: D minimizes −E[log D(x)] − E[log(1 − D(G(z)))], G minimizes E[log(1 − D(G(z)))]', () => {
    const loss = minimax.create({});
    expect(value(loss.discriminator(real, fake))).toBeCloseTo(reference.discriminator(), 5);
    expect(value(loss.generator(fake))).toBeCloseTo(reference.minimaxGenerator(), 5);
  });

  it('non-saturating: G minimizes −E[log D(G(z))]', () => {
    const loss = nonSaturating.create({});
    expect(value(loss.discriminator(real, fake))).toBeCloseTo(reference.discriminator(), 5);
    expect(value(loss.generator(fake))).toBeCloseTo(reference.nonSaturatingGenerator(), 5);
  });

  it('one-sided label smoothing sets the real target', () => {
    const loss = nonSaturating.create({});
    expect(value(loss.discriminator(real, fake, { labelSmoothing: 0.1 }))).toBeCloseTo(reference.discriminator(0.9), 5);
  });

  it('stays finite where sigmoid saturates in float32 (logits of ±200)', () => {
    const loss = nonSaturating.create({});
    const extreme = tf.tensor1d([200, -200]);
    const d = value(loss.discriminator(extreme, extreme));
    const g = value(loss.generator(extreme));
    extreme.dispose();
    // softplus(−200) + softplus(200), halved by the means: 0 + 100 for each half.
    expect(d).toBeCloseTo(200, 3);
    expect(g).toBeCloseTo(100, 3);
  });

  it('least squares: ½E[(D(x) − b)²] + ½E[(D(G(z)) − a)²] and ½E[(D(G(z)) − c)²]', () => {
    for (const [a, b, c] of [
      [0, 1, 1],
      [-1, 1, 0],
    ] as const) {
      const loss = leastSquares.create({ a, b, c });
      const d = 0.5 * mean(realLogits.map((v) => (v - b) ** 2)) + 0.5 * mean(fakeLogits.map((v) => (v - a) ** 2));
      expect(value(loss.discriminator(real, fake))).toBeCloseTo(d, 5);
      expect(value(loss.generator(fake))).toBeCloseTo(0.5 * mean(fakeLogits.map((v) => (v - c) ** 2)), 5);
    }
  });

  it('the D losses are minimized where D separates reals from fakes, as the signs require', () => {
    const loss = nonSaturating.create({});
    const confident = value(loss.discriminator(tf.tensor1d([5, 5]), tf.tensor1d([-5, -5])));
    const fooled = value(loss.discriminator(tf.tensor1d([-5, -5]), tf.tensor1d([5, 5])));
    expect(confident).toBeLessThan(0.02);
    expect(fooled).toBeGreaterThan(9);
  });
});

describe('Wasserstein, hinge and relativistic losses, against their closed forms', () => {
  const softplus = (x: number) => Math.log1p(Math.exp(x));
  const relu = (x: number) => Math.max(0, x);

  it('wasserstein: D minimizes E[D(G(z))] − E[D(x)], G minimizes −E[D(G(z))]', async () => {
    const loss = (await import('./wasserstein.ts')).wasserstein.create({});
    expect(value(loss.discriminator(real, fake))).toBeCloseTo(mean(fakeLogits) - mean(realLogits), 5);
    expect(value(loss.generator(fake))).toBeCloseTo(-mean(fakeLogits), 5);
  });

  it('hinge: E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))] and −E[D(G(z))]', async () => {
    const loss = (await import('./hinge.ts')).hinge.create({});
    expect(value(loss.discriminator(real, fake))).toBeCloseTo(
      mean(realLogits.map((v) => relu(1 - v))) + mean(fakeLogits.map((v) => relu(1 + v))),
      5,
    );
    expect(value(loss.generator(fake))).toBeCloseTo(-mean(fakeLogits), 5);
  });

  it('relativistic average, standard and hinge forms, for D and for G (which reads the reals too)', async () => {
    const { relativisticAverage } = await import('./relativistic-average.ts');
    const mr = mean(realLogits);
    const mf = mean(fakeLogits);
    const standard = relativisticAverage.create({ form: 'standard' });
    expect(value(standard.discriminator(real, fake))).toBeCloseTo(
      mean(realLogits.map((r) => softplus(-(r - mf)))) + mean(fakeLogits.map((f) => softplus(f - mr))),
      5,
    );
    expect(value(standard.generator(fake, real))).toBeCloseTo(
      mean(fakeLogits.map((f) => softplus(-(f - mr)))) + mean(realLogits.map((r) => softplus(r - mf))),
      5,
    );
    const hingeForm = relativisticAverage.create({ form: 'hinge' });
    expect(value(hingeForm.discriminator(real, fake))).toBeCloseTo(
      mean(realLogits.map((r) => relu(1 - (r - mf)))) + mean(fakeLogits.map((f) => relu(1 + (f - mr)))),
      5,
    );
    expect(value(hingeForm.generator(fake, real))).toBeCloseTo(
      mean(fakeLogits.map((f) => relu(1 - (f - mr)))) + mean(realLogits.map((r) => relu(1 + (r - mf)))),
      5,
    );
  });
});
