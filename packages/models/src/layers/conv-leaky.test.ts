import * as tf from '@tensorflow/tfjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectBackend, type BackendName } from '@granular/ops';
import { directoryHandler, loadWeightsInto, saveLayersModel } from '../io/layers-model-files.ts';
import { ConvLeaky } from './conv-leaky.ts';
import { LeakyReLU } from './custom-layers.ts';

const nodeStarts = await selectBackend('node').then(
  () => true,
  () => false,
);
const backends: BackendName[] = nodeStarts ? ['cpu', 'node'] : ['cpu'];

const LAYERS = [
  { filters: 4, kernelSize: 3, padding: 'same' as const, alpha: 0.2 },
  { filters: 3, kernelSize: 5, strides: 2, padding: 'same' as const, alpha: 0.1 },
  { filters: 2, kernelSize: 4, padding: 'valid' as const, alpha: 0.2 },
];

/** Three convolutions with leaky ReLU, as one fused layer each or as tfjs's conv2d and Granular's LeakyReLU, every kernel seeded alike. */
function model(fused: boolean): tf.LayersModel {
  const input = tf.input({ shape: [9, 9, 2] });
  let x = input;
  LAYERS.forEach(({ alpha, ...conv }, i) => {
    const kernelInitializer = tf.initializers.glorotUniform({ seed: 40 + i });
    if (fused) x = new ConvLeaky({ ...conv, alpha, kernelInitializer }).apply(x) as tf.SymbolicTensor;
    else {
      x = tf.layers.conv2d({ ...conv, kernelInitializer }).apply(x) as tf.SymbolicTensor;
      x = new LeakyReLU({ alpha }).apply(x) as tf.SymbolicTensor;
    }
  });
  return tf.model({ inputs: input, outputs: x });
}

const image = () =>
  tf.tensor4d(
    Array.from({ length: 2 * 9 * 9 * 2 }, (_, i) => Math.sin(i * 0.37)),
    [2, 9, 9, 2],
  );
/** Output values, −0 read as +0 (oneDNN's fused ReLU and TensorFlow's differ in the sign of zero only). */
const values = (t: tf.Tensor) => Array.from(t.dataSync(), (v) => v + 0);

describe.each(backends)('ConvLeaky on %s', (backend) => {
  it('starts from the two layers’ weights and computes their outputs, bit for bit', async () => {
    await selectBackend(backend);
    const [fused, separate] = [model(true), model(false)];
    expect(fused.weights.map((w) => w.shape)).toEqual(separate.weights.map((w) => w.shape));
    fused
      .getWeights()
      .forEach((w, i) => expect(Array.from(w.dataSync())).toEqual(Array.from(separate.getWeights()[i]!.dataSync())));
    const x = image();
    const [ours, theirs] = [fused.predict(x) as tf.Tensor, separate.predict(x) as tf.Tensor];
    expect(ours.shape).toEqual([2, 2, 2, 2]); // 9 → 9 → 5 → 2
    expect(values(ours)).toEqual(values(theirs));
    expect(Math.min(...ours.dataSync())).toBeLessThan(0); // the leaky side is reached
    tf.dispose([x, ours, theirs]);
    fused.dispose();
    separate.dispose();
  });

  it('saves and loads as a layers model, and takes a checkpoint of the two-layer form', async () => {
    await selectBackend(backend);
    const fused = model(true);
    const directory = mkdtempSync(join(tmpdir(), 'granular-conv-leaky-'));
    await saveLayersModel(fused, join(directory, 'fused'));
    const loaded = await tf.loadLayersModel(directoryHandler(join(directory, 'fused')));
    expect(loaded.layers.filter((l) => l instanceof ConvLeaky).map((l) => (l as ConvLeaky).alpha)).toEqual([
      0.2, 0.1, 0.2,
    ]);
    // Weights of the two-layer form, changed so that the check means something, into the fused model.
    const separate = model(false);
    separate.setWeights(separate.getWeights().map((w) => tf.mul(w, -1.5)));
    await saveLayersModel(separate, join(directory, 'separate'));
    loadWeightsInto(fused, join(directory, 'separate'));
    const x = image();
    const outputs = [loaded, fused, separate].map((m) => m.predict(x) as tf.Tensor);
    expect(values(outputs[0]!)).not.toEqual(values(outputs[1]!));
    expect(values(outputs[1]!)).toEqual(values(outputs[2]!));
    const reference = model(true).predict(x) as tf.Tensor;
    expect(values(outputs[0]!)).toEqual(values(reference));
    tf.dispose([x, reference, ...outputs]);
  });
});
