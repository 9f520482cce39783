import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RunContext } from '@granular/core';
import { dcganDiscriminator } from '../dcgan/dcgan-discriminator.ts';
import { powerIteration, SpectralConv2D, SpectralDense } from './spectral-norm.ts';

/** A Householder reflection I − 2vvᵀ/‖v‖²: orthogonal, so it keeps singular values. */
function reflection(v: number[]): number[][] {
  const norm = v.reduce((s, x) => s + x * x, 0);
  return v.map((a, i) => v.map((b, j) => (i === j ? 1 : 0) - (2 * a * b) / norm));
}

function multiply(a: number[][], b: number[][]): number[][] {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0)));
}

/** A 6 × 4 matrix with singular values 3, 1.5, 0.7, 0.2 by construction: U Σ Vᵀ with U, V reflections. */
const SINGULAR_VALUES = [3, 1.5, 0.7, 0.2];
function knownMatrix(): number[][] {
  const sigma = Array.from({ length: 6 }, (_, i) => SINGULAR_VALUES.map((s, j) => (i === j ? s : 0)));
  return multiply(multiply(reflection([1, -2, 0.5, 3, -1, 2]), sigma), reflection([2, 1, -1, 0.5]));
}

describe('spectral normalization', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("power iteration converges to the matrix's largest singular value (3, by construction)", () => {
    const w = tf.tensor2d(knownMatrix());
    let u = tf.randomNormal([4], 0, 1, 'float32', 7) as tf.Tensor1D;
    let sigma = 0;
    for (let i = 0; i < 100; i++) {
      const step = powerIteration(w, u);
      u = step.u;
      sigma = step.sigma.dataSync()[0]!;
    }
    expect(sigma).toBeCloseTo(SINGULAR_VALUES[0]!, 4);
    // One iteration from a random u is an underestimate, as it should be (vᵀWu ≤ σ_max).
    const first = powerIteration(w, tf.randomNormal([4], 0, 1, 'float32', 7) as tf.Tensor1D).sigma.dataSync()[0]!;
    expect(first).toBeLessThan(SINGULAR_VALUES[0]! + 1e-5);
  });

  it('a spectral dense layer, its u converged by training passes, computes x·W/σ + b; u is kept but not trained', () => {
    const input = tf.input({ shape: [6] });
    const layer = new SpectralDense({ units: 4, seed: 3 });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    const [, bias, u] = layer.getWeights();
    layer.setWeights([tf.tensor2d(knownMatrix()), tf.tensor1d([0.1, -0.2, 0.3, 0]), u!]);
    expect(bias!.shape).toEqual([4]);
    expect(layer.trainableWeights.map((w) => w.name.split('/').at(-1))).toEqual(['kernel', 'bias']);
    expect(layer.weights).toHaveLength(3);
    const x = tf.randomNormal([3, 6], 0, 1, 'float32', 2);
    for (let i = 0; i < 100; i++) tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    const expected = tf.add(tf.matMul(x, tf.div(tf.tensor2d(knownMatrix()), SINGULAR_VALUES[0]!)), [0.1, -0.2, 0.3, 0]);
    const actual = model.predict(x) as tf.Tensor;
    Array.from(actual.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected.dataSync()[i]!, 4));
  });

  it('the gradient of W/σ(W), with u and v held, matches finite differences once u has converged (dσ = v uᵀ)', () => {
    const w0 = knownMatrix();
    let u = tf.randomNormal([4], 0, 1, 'float32', 7) as tf.Tensor1D;
    for (let i = 0; i < 200; i++) u = powerIteration(tf.tensor2d(w0), u).u;
    const x = tf.randomNormal([5, 6], 0, 1, 'float32', 9);
    const f = (w: tf.Tensor) =>
      tf.tidy(() => tf.sum(tf.square(tf.matMul(x, tf.div(w, powerIteration(w as tf.Tensor2D, u).sigma)))) as tf.Scalar);
    const analytic = tf.grad(f)(tf.tensor2d(w0)).arraySync() as number[][];
    const eps = 1e-2;
    for (const [i, j] of [
      [0, 0],
      [2, 3],
      [5, 1],
    ] as const) {
      const shifted = (delta: number) => w0.map((row, r) => row.map((v, c) => (r === i && c === j ? v + delta : v)));
      const numeric =
        (f(tf.tensor2d(shifted(eps))).dataSync()[0]! - f(tf.tensor2d(shifted(-eps))).dataSync()[0]!) / (2 * eps);
      expect(analytic[i]![j]!).toBeCloseTo(numeric, 2);
    }
  });

  it('a spectral convolution is the convolution with the kernel divided by σ of its [k·k·in, out] matrix', () => {
    const input = tf.input({ shape: [5, 5, 2] });
    const layer = new SpectralConv2D({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', seed: 4 });
    const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
    const x = tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 1);
    for (let i = 0; i < 200; i++) tf.dispose(model.apply(x, { training: true }) as tf.Tensor);
    const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    // σ of the reshaped kernel from its Gram matrix's largest eigenvalue, by plain power iteration in float64.
    const matrix = tf.reshape(kernel, [18, 3]).arraySync() as number[][];
    const gram = [0, 1, 2].map((a) => [0, 1, 2].map((b) => matrix.reduce((s, row) => s + row[a]! * row[b]!, 0)));
    let v = [1, 0.5, -0.25];
    let lambda = 0;
    for (let i = 0; i < 500; i++) {
      const next = gram.map((row) => row.reduce((s, g, k) => s + g * v[k]!, 0));
      lambda = Math.hypot(...next);
      v = next.map((value) => value / lambda);
    }
    const expected = tf.add(
      tf.conv2d(x as tf.Tensor4D, tf.div(kernel, Math.sqrt(lambda)) as tf.Tensor4D, 2, 'same'),
      bias,
    );
    const actual = model.predict(x) as tf.Tensor;
    expect(actual.shape).toEqual([2, 3, 3, 3]);
    Array.from(actual.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected.dataSync()[i]!, 4));
  });

  it('spectral_norm: true on the DCGAN discriminator normalizes every layer and keeps each u as a weight (checkpointed)', () => {
    const params = {
      shape: [8, 8, 1],
      downsamplings: 2,
      filters: 4,
      spectral_norm: true,
      kernel: 3,
      slope: 0.2,
      batch_norm: false,
      attention_at: [],
      condition: 'projection',
    };
    const d = dcganDiscriminator.create(
      params as never,
      RunContext.standalone({ seed: 2 }).forStage('models.D'),
    ) as tf.LayersModel;
    expect(d.layers.filter((l) => l.getClassName().startsWith('GranularSpectral'))).toHaveLength(3);
    expect(d.weights.length - d.trainableWeights.length).toBe(3);
    expect(Number.isFinite((d.predict(tf.ones([2, 8, 8, 1])) as tf.Tensor).dataSync()[0])).toBe(true);
  });
});
