import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendName } from '../backend/select-backend.ts';

const loads = async (backend: BackendName) =>
  selectBackend(backend).then(
    () => true,
    () => false,
  );
const available = { cpu: await loads('cpu'), wasm: await loads('wasm'), node: await loads('node') };

const xs = [-2.5, -1, -0.25, 0, 0.5, 1.5, 3, -0.75];
const weights = [0.3, -1.2, 2, 0.7, -0.4, 1.1, -2.2, 0.9];

/** relu is leaky ReLU with slope 0; each with its derivative, in float64. */
const rectifiers = [
  { name: 'relu', alpha: 0, apply: (x: tf.Tensor) => tf.relu(x) },
  { name: 'leakyRelu 0.2', alpha: 0.2, apply: (x: tf.Tensor) => tf.leakyRelu(x, 0.2) },
];

describe.each(['cpu', 'wasm', 'node'] as const)('rectifier gradients on %s', (backend) => {
  for (const { name, alpha, apply } of rectifiers) {
    const slope = (v: number) => (v > 0 ? 1 : alpha);

    it.skipIf(!available[backend])(`${name}: dy where x > 0, α·dy elsewhere (closed form)`, async () => {
      await selectBackend(backend);
      const x = tf.tensor1d(xs);
      const w = tf.tensor1d(weights);
      const gradient = tf.grad((input: tf.Tensor) => apply(input).mul(w).sum())(x);
      Array.from(gradient.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(weights[i]! * slope(xs[i]!), 6));
      tf.dispose([x, w, gradient]);
    });

    it.skipIf(!available[backend])(
      `${name}: the second derivative a gradient penalty needs (closed form)`,
      async () => {
        await selectBackend(backend);
        // f(x) = Σ w·r(x)²; ∂f/∂x = 2w·r(x)·r'(x); ‖∂f/∂x‖² = Σ 4w²·r(x)²·r'(x)², whose gradient is 8w²·r(x)·r'(x)³.
        const x = tf.tensor1d(xs);
        const w = tf.tensor1d(weights);
        const inner = (input: tf.Tensor) => apply(input).square().mul(w).sum();
        const penaltyGradient = tf.grad((input: tf.Tensor) => tf.grad(inner)(input).square().sum())(x);
        const expected = xs.map((v, i) => 8 * weights[i]! ** 2 * v * slope(v) * slope(v) ** 3);
        Array.from(penaltyGradient.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 4));
        tf.dispose([x, w, penaltyGradient]);
      },
    );

    it.skipIf(!available[backend])(`${name}: one kernel, without Step on tfjs-node`, async () => {
      await selectBackend(backend);
      const x = tf.tensor1d(xs);
      const info = await tf.profile(() => {
        tf.grad((input: tf.Tensor) => apply(input).sum())(x).dispose();
      });
      const names = info.kernels.map((kernel) => kernel.name);
      expect(names.filter((n) => n === 'GranularRectifierGrad')).toHaveLength(1);
      if (backend === 'node') expect(names).not.toContain('Step');
      x.dispose();
    });
  }
});
