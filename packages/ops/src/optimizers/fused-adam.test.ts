import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendName } from '../backend/select-backend.ts';
import { FusedAdamOptimizer } from './fused-adam.ts';

const loads = async (backend: BackendName) =>
  selectBackend(backend).then(
    () => true,
    () => false,
  );
const available = { cpu: await loads('cpu'), wasm: await loads('wasm'), node: await loads('node') };

const SHAPES = [[40, 30], [3, 3, 4, 8], [8]];
const HYPER = [2e-3, 0.5, 0.999] as const;

/** Variables with the same start values on every call, and the gradients of step `step`. */
const startValues = () => SHAPES.map((shape, i) => tf.variable(tf.randomNormal(shape, 0, 1, 'float32', 100 + i)));
const gradientsAt = (variables: tf.Variable[], step: number) =>
  Object.fromEntries(
    variables.map((v, i) => [v.name, tf.randomNormal(v.shape, 0, 1 + step, 'float32', 1000 * step + i + 1)]),
  );

function train(optimizer: tf.Optimizer, variables: tf.Variable[], from: number, to: number): void {
  for (let step = from; step < to; step++) {
    const gradients = gradientsAt(variables, step);
    optimizer.applyGradients(gradients);
    tf.dispose(Object.values(gradients));
  }
}

const maxDifference = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

/** What a checkpoint keeps of an Adam: getWeights plus the β powers (as the trainer saves them). */
async function stateOf(optimizer: tf.AdamOptimizer) {
  const internals = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
  return { weights: await optimizer.getWeights(), powers: [internals.accBeta1.clone(), internals.accBeta2.clone()] };
}

describe('the fused Adam on tfjs-node', () => {
  it.skipIf(!available.node)("takes tfjs Adam's steps: values and moments agree to float32 rounding", async () => {
    await selectBackend('node');
    const [fusedVariables, plainVariables] = [startValues(), startValues()];
    const [fused, plain] = [new FusedAdamOptimizer(...HYPER), tf.train.adam(...HYPER)];
    train(fused, fusedVariables, 0, 6);
    train(plain, plainVariables, 0, 6);
    fusedVariables.forEach((v, i) => {
      expect(maxDifference(v, plainVariables[i]!)).toBeLessThan(2e-6);
      expect(maxDifference(v, startValues()[i]!)).toBeGreaterThan(1e-3); // it did move
    });
    const [fusedState, plainState] = [await fused.getWeights(), await plain.getWeights()];
    // tfjs's layout: iterations, the first moments, the second moments, each named after its variable.
    expect(fusedState.map((w) => w.name)).toEqual([
      'iter',
      ...fusedVariables.map((v) => `${v.name}/m`),
      ...fusedVariables.map((v) => `${v.name}/v`),
    ]);
    fusedState
      .slice(1)
      .forEach((w, i) => expect(maxDifference(w.tensor, plainState[i + 1]!.tensor)).toBeLessThan(1e-5));
    tf.dispose(fusedState.map((w) => w.tensor));
    fused.dispose();
    plain.dispose();
    tf.dispose([...fusedVariables, ...plainVariables]);
  });

  it.skipIf(!available.node)(
    'saved and restored into a new optimizer, continues bit for bit as if uninterrupted',
    async () => {
      await selectBackend('node');
      const uninterruptedVariables = startValues();
      const uninterrupted = new FusedAdamOptimizer(...HYPER);
      train(uninterrupted, uninterruptedVariables, 0, 5);

      const firstVariables = startValues();
      const first = new FusedAdamOptimizer(...HYPER);
      train(first, firstVariables, 0, 3);
      const { weights, powers } = await stateOf(first);
      // A resumed run: new variables with the saved values, a new optimizer given the saved state.
      const resumedVariables = startValues();
      resumedVariables.forEach((v, i) => v.assign(firstVariables[i]!));
      const resumed = new FusedAdamOptimizer(...HYPER);
      await resumed.setWeights(weights);
      const internals = resumed as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
      internals.accBeta1.assign(powers[0]!);
      internals.accBeta2.assign(powers[1]!);
      train(resumed, resumedVariables, 3, 5);
      resumedVariables.forEach((v, i) =>
        expect(Array.from(v.dataSync())).toEqual(Array.from(uninterruptedVariables[i]!.dataSync())),
      );
      for (const optimizer of [uninterrupted, first, resumed]) optimizer.dispose();
      tf.dispose([
        ...uninterruptedVariables,
        ...firstVariables,
        ...resumedVariables,
        ...powers,
        ...weights.map((w) => w.tensor),
      ]);
    },
  );

  it.skipIf(!available.node)(
    'a variable assigned from outside (weights loaded, a swap) updates from its new value',
    async () => {
      await selectBackend('node');
      const [fusedVariables, plainVariables] = [startValues(), startValues()];
      const [fused, plain] = [new FusedAdamOptimizer(...HYPER), tf.train.adam(...HYPER)];
      train(fused, fusedVariables, 0, 2);
      train(plain, plainVariables, 0, 2);
      for (const variables of [fusedVariables, plainVariables])
        tf.tidy(() => variables[0]!.assign(tf.fill(variables[0]!.shape, 0.25)));
      train(fused, fusedVariables, 2, 4);
      train(plain, plainVariables, 2, 4);
      expect(maxDifference(fusedVariables[0]!, plainVariables[0]!)).toBeLessThan(2e-6);
      expect(maxDifference(fusedVariables[0]!, tf.fill(fusedVariables[0]!.shape, 0.25))).toBeGreaterThan(1e-3);
      fused.dispose();
      plain.dispose();
      tf.dispose([...fusedVariables, ...plainVariables]);
    },
  );

  it.skipIf(!available.node)(
    'keeps the tensor count flat over steps, and gives back what tfjs Adam gives back when disposed',
    async () => {
      await selectBackend('node');
      /** Tensors left after training 12 steps and disposing optimizer and variables (tfjs's Adam itself leaves a few). */
      const leftBehind = async (optimizer: tf.AdamOptimizer) => {
        const before = tf.memory().numTensors;
        const variables = startValues();
        train(optimizer, variables, 0, 2);
        const during = tf.memory().numTensors;
        train(optimizer, variables, 2, 12);
        expect(tf.memory().numTensors).toBe(during);
        // As a checkpoint does: tfjs's Adam hands out its own variables, ours copies read from TensorFlow.
        tf.dispose((await optimizer.getWeights()).map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
        expect(tf.memory().numTensors).toBe(during);
        optimizer.dispose();
        tf.dispose(variables);
        return tf.memory().numTensors - before;
      };
      expect(await leftBehind(new FusedAdamOptimizer(...HYPER))).toBe(await leftBehind(tf.train.adam(...HYPER)));
    },
  );
});

describe.each(['cpu', 'wasm'] as const)('the fused Adam on %s', (backend) => {
  it.skipIf(!available[backend])("is tfjs's Adam, bit for bit", async () => {
    await selectBackend(backend);
    const [fusedVariables, plainVariables] = [startValues(), startValues()];
    train(new FusedAdamOptimizer(...HYPER), fusedVariables, 0, 4);
    train(tf.train.adam(...HYPER), plainVariables, 0, 4);
    fusedVariables.forEach((v, i) =>
      expect(Array.from(v.dataSync())).toEqual(Array.from(plainVariables[i]!.dataSync())),
    );
    tf.dispose([...fusedVariables, ...plainVariables]);
  });
});
