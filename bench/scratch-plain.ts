// What the pipeline machinery costs: the DCGAN of pipelines/mnist-dcgan.yaml trained for N steps
// by the engine (bench/pipelines/dcgan-train-only.yaml: data → normalize → batches → d → g) and by
// a hand-written tfjs loop doing the same operations (same models and initial weights, Adam
// 2e-4/0.5, non-saturating loss from logits, D's real and fake means and the losses read back
// every step, as the stages do). Both time each step after the first 10 (warm-up, data loading);
// the comparison is of median step times, which a garbage collection or another process's burst
// moves less than a mean.
//   npm run bench -- overhead [--steps 200] [--backend auto]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadPipeline, RunContext, runPipeline, type ModelDefinition } from '@granular/core';
import { builtinCatalog, median } from '@granular/cli';
import { epochOrder, loadMnist, normalizeRange } from '@granular/data';
import { selectBackend, type BackendRequest } from '@granular/ops';

const values = { steps: '15', backend: 'node' };
const STEPS = Number(values.steps);
const WARMUP = 10;
const BATCH = 64;
const backend = (await selectBackend(values.backend as BackendRequest)).name;

/** Per-step times of the engine: between consecutive steps' last event (G's loss). */
async function pipelineTimes(): Promise<number[]> {
  const loaded = await loadPipeline(join(import.meta.dirname, 'pipelines', 'dcgan-train-only.yaml'), builtinCatalog(), { overrides: [`backend=${backend}`] });
  const stamps = new Map<number, number>();
  await runPipeline(loaded, { maxSteps: STEPS, onEvent: (event) => event.name === 'g_loss' && stamps.set(event.step, performance.now()) });
  return Array.from({ length: STEPS - WARMUP }, (_, i) => stamps.get(WARMUP + i + 1)! - stamps.get(WARMUP + i)!);
}

async function plainLoopTimes(): Promise<number[]> {
  const loaded = await loadPipeline(join(import.meta.dirname, 'pipelines', 'dcgan-train-only.yaml'), builtinCatalog());
  const context = RunContext.standalone();
  const build = (name: string) => {
    const entry = loaded.models.get(name)!;
    return (entry.definition as ModelDefinition).create(entry.params as never, context.forStage(`models.${name}`)) as tf.LayersModel;
  };
  const [generator, discriminator] = [build('G'), build('D')];
  const optimizerD = tf.train.adam(2e-4, 0.5, 0.999);
  const optimizerG = tf.train.adam(2e-4, 0.5, 0.999);
  const dVariables = discriminator.trainableWeights.map((w) => w.read() as tf.Variable);
  const gVariables = generator.trainableWeights.map((w) => w.read() as tf.Variable);
  const train = normalizeRange(loadMnist('train'), [-1, 1]);
  const order = epochOrder(train.count, true, 1, 'batches', 0);
  const size = train.height * train.width * train.channels;
  const latent = 100;
  const softplusMean = (x: tf.Tensor) => tf.mean(tf.softplus(x));
  const times: number[] = [];
  let previous = 0;
  for (let step = 1; step <= STEPS; step++) {
    const indices = order.subarray((step - 1) * BATCH, step * BATCH);
    const pixels = new Float32Array(BATCH * size);
    indices.forEach((index, i) => pixels.set(train.images.subarray(index * size, (index + 1) * size), i * size));
    tf.tidy(() => {
      const real = tf.tensor4d(pixels, [BATCH, train.height, train.width, train.channels]);
      const fake = generator.apply(tf.randomNormal([BATCH, latent]), { training: true }) as tf.Tensor;
      let means: tf.Tensor[] = [];
      const dLoss = optimizerD.minimize(() => {
        const realLogits = discriminator.apply(real, { training: true }) as tf.Tensor;
        const fakeLogits = discriminator.apply(fake, { training: true }) as tf.Tensor;
        means = [tf.keep(tf.mean(tf.sigmoid(realLogits))), tf.keep(tf.mean(tf.sigmoid(fakeLogits)))];
        return tf.add(softplusMean(tf.neg(realLogits)), softplusMean(fakeLogits)) as tf.Scalar;
      }, true, dVariables)!;
      tf.stack([dLoss, ...means]).dataSync();
      tf.dispose(means);
      const gLoss = optimizerG.minimize(() => softplusMean(tf.neg(discriminator.apply(generator.apply(tf.randomNormal([BATCH, latent]), { training: true }) as tf.Tensor, { training: true }) as tf.Tensor)) as tf.Scalar, true, gVariables)!;
      gLoss.dataSync();
    });
    const now = performance.now();
    if (step > WARMUP) times.push(now - previous);
    previous = now;
  }
  generator.dispose();
  discriminator.dispose();
  return times;
}


const info = await tf.profile(async () => { await plainLoopTimes(); });
const by = new Map<string, number>();
for (const k of info.kernels) by.set(k.name, (by.get(k.name) ?? 0) + 1);
console.log('plain kernel calls per step', info.kernels.length / 15);
for (const [n, c] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(n, (c / 15).toFixed(1));
