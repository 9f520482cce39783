import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendName } from '@granular/ops';
import { BatchNormalization } from './batch-normalization.ts';

const loads = async (backend: BackendName) =>
  selectBackend(backend).then(
    () => true,
    () => false,
  );
const available = { cpu: await loads('cpu'), wasm: await loads('wasm'), node: await loads('node') };

/** The same one-layer model with our layer and with tfjs-layers' own, sharing weights (γ, β and the running statistics). */
function twins(inputShape: number[]): [tf.Sequential, tf.Sequential] {
  const ours = tf.sequential({ layers: [new BatchNormalization({ momentum: 0.9, inputShape })] });
  const theirs = tf.sequential({ layers: [tf.layers.batchNormalization({ momentum: 0.9, inputShape })] });
  const channels = inputShape.at(-1)!;
  const gamma = tf.linspace(0.5, 1.5, channels);
  const beta = tf.linspace(-0.3, 0.4, channels);
  for (const model of [ours, theirs]) model.setWeights([gamma, beta, tf.zeros([channels]), tf.ones([channels])]);
  tf.dispose([gamma, beta]);
  return [ours, theirs];
}

const maxDifference = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

/** Loss Σ y·w through a model in training mode, with its gradients for the input and every trainable weight. */
function lossAndGradients(model: tf.Sequential, x: tf.Tensor, w: tf.Tensor) {
  return tf.tidy(() => {
    const inputGradient = tf.grad((input: tf.Tensor) =>
      tf.sum(tf.mul(model.apply(input, { training: true }) as tf.Tensor, w)),
    )(x);
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(model.apply(x, { training: true }) as tf.Tensor, w)) as tf.Scalar,
      model.trainableWeights.map((weight) => weight.read() as tf.Variable),
    );
    return [inputGradient, ...Object.values(grads)];
  });
}

describe.each(['cpu', 'wasm', 'node'] as const)('the BatchNormalization layer on %s', (backend) => {
  for (const inputShape of [[5, 5, 4], [12]]) {
    it.skipIf(!available[backend])(
      `[batch, ${inputShape}]: outputs, running statistics and gradients match tfjs-layers' own`,
      async () => {
        await selectBackend(backend);
        const [ours, theirs] = twins(inputShape);
        for (let step = 0; step < 3; step++) {
          const x = tf.randomNormal([8, ...inputShape], step, 1 + step, 'float32', 10 + step);
          const [a, b] = [ours, theirs].map((model) => model.apply(x, { training: true }) as tf.Tensor);
          expect(maxDifference(a!, b!)).toBeLessThan(1e-5);
          tf.dispose([x, a!, b!]);
        }
        // Three updates of the running mean and variance, the same on both.
        ours
          .getWeights()
          .forEach((weight, i) => expect(maxDifference(weight, theirs.getWeights()[i]!)).toBeLessThan(1e-5));
        const x = tf.randomNormal([8, ...inputShape], 0, 2, 'float32', 3);
        const w = tf.randomNormal([8, ...inputShape], 0, 1, 'float32', 4);
        const [oursGradients, theirsGradients] = [ours, theirs].map((model) => lossAndGradients(model, x, w));
        expect(oursGradients).toHaveLength(3); // x, γ, β
        oursGradients!.forEach((gradient, i) =>
          expect(maxDifference(gradient, theirsGradients![i]!)).toBeLessThan(1e-4),
        );
        tf.dispose([x, w, ...oursGradients!, ...theirsGradients!]);
        ours.dispose();
        theirs.dispose();
      },
    );
  }

  it.skipIf(!available[backend])(
    'runs through the batch-norm kernel when training, and keeps the tensor count flat',
    async () => {
      await selectBackend(backend);
      const [ours, theirs] = twins([5, 5, 4]);
      const x = tf.randomNormal([8, 5, 5, 4], 0, 1, 'float32', 5);
      const w = tf.randomNormal([8, 5, 5, 4], 0, 1, 'float32', 6);
      const info = await tf.profile(() => tf.dispose(lossAndGradients(ours, x, w)));
      expect(info.kernels.map((kernel) => kernel.name)).toContain('GranularBatchNormTrainingGrad');
      tf.dispose(lossAndGradients(ours, x, w));
      const before = tf.memory().numTensors;
      for (let i = 0; i < 5; i++) tf.dispose(lossAndGradients(ours, x, w));
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, w]);
      ours.dispose();
      theirs.dispose();
    },
  );
});

describe('the BatchNormalization layer when saved', () => {
  it.skipIf(!available.cpu)(
    "is tfjs-layers' BatchNormalization to a loader (the browser page needs nothing of ours)",
    async () => {
      await selectBackend('cpu');
      const [ours] = twins([5, 5, 4]);
      const json = ours.toJSON(undefined, false) as { config: { layers: { class_name: string }[] } };
      expect(json.config.layers.map((layer) => layer.class_name)).toEqual(['BatchNormalization']);
      const loaded = await tf.models.modelFromJSON({ modelTopology: json });
      expect(loaded.layers[0]).not.toBeInstanceOf(BatchNormalization);
      loaded.setWeights(ours.getWeights());
      const x = tf.randomNormal([3, 5, 5, 4], 0, 1, 'float32', 7);
      const [a, b] = [ours, loaded].map((model) => model.predict(x) as tf.Tensor);
      expect(maxDifference(a!, b!)).toBe(0);
      tf.dispose([x, a!, b!]);
    },
  );
});
