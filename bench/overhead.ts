// What the pipeline machinery costs: the DCGAN of pipelines/mnist-dcgan.yaml trained for N steps
// by the engine (bench/pipelines/dcgan-train-only.yaml: data → normalize → batches → d → g) and by
// a hand-written tfjs loop doing the same operations (same models and initial weights, the same Adam
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
import { FusedAdamOptimizer, selectBackend, type BackendRequest } from '@granular/ops';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { steps: { type: 'string', default: '200' }, backend: { type: 'string', default: 'auto' } },
});
const STEPS = Number(values.steps);
const WARMUP = 10;
const BATCH = 64;
const backend = (await selectBackend(values.backend as BackendRequest)).name;

/** Per-step times of the engine: between consecutive steps' last event (G's loss). */
async function pipelineTimes(): Promise<number[]> {
  const loaded = await loadPipeline(join(import.meta.dirname, 'pipelines', 'dcgan-train-only.yaml'), builtinCatalog(), {
    overrides: [`backend=${backend}`],
  });
  const stamps = new Map<number, number>();
  await runPipeline(loaded, {
    maxSteps: STEPS,
    onEvent: (event) => event.name === 'g_loss' && stamps.set(event.step, performance.now()),
  });
  return Array.from({ length: STEPS - WARMUP }, (_, i) => stamps.get(WARMUP + i + 1)! - stamps.get(WARMUP + i)!);
}

async function plainLoopTimes(): Promise<number[]> {
  const loaded = await loadPipeline(join(import.meta.dirname, 'pipelines', 'dcgan-train-only.yaml'), builtinCatalog());
  const context = RunContext.standalone();
  const build = (name: string) => {
    const entry = loaded.models.get(name)!;
    return (entry.definition as ModelDefinition).create(
      entry.params as never,
      context.forStage(`models.${name}`),
    ) as tf.LayersModel;
  };
  const [generator, discriminator] = [build('G'), build('D')];
  const optimizerD = new FusedAdamOptimizer(2e-4, 0.5, 0.999); // the optimizer the train stages use
  const optimizerG = new FusedAdamOptimizer(2e-4, 0.5, 0.999);
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
      const dLoss = optimizerD.minimize(
        () => {
          const realLogits = discriminator.apply(real, { training: true }) as tf.Tensor;
          const fakeLogits = discriminator.apply(fake, { training: true }) as tf.Tensor;
          means = [tf.keep(tf.mean(tf.sigmoid(realLogits))), tf.keep(tf.mean(tf.sigmoid(fakeLogits)))];
          return tf.add(softplusMean(tf.neg(realLogits)), softplusMean(fakeLogits)) as tf.Scalar;
        },
        true,
        dVariables,
      )!;
      tf.stack([dLoss, ...means]).dataSync();
      tf.dispose(means);
      const gLoss = optimizerG.minimize(
        () =>
          softplusMean(
            tf.neg(
              discriminator.apply(generator.apply(tf.randomNormal([BATCH, latent]), { training: true }) as tf.Tensor, {
                training: true,
              }) as tf.Tensor,
            ),
          ) as tf.Scalar,
        true,
        gVariables,
      )!;
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

// Alternate twice, so that neither side gets the machine's warmer or quieter moment alone.
const pipeline: number[] = [];
const plain: number[] = [];
for (let round = 0; round < 2; round++) {
  plain.push(median(await plainLoopTimes()));
  pipeline.push(median(await pipelineTimes()));
}
const best = (xs: number[]) => Math.min(...xs);
const overhead = best(pipeline) / best(plain) - 1;
console.log(
  `backend ${backend}, DCGAN, batch ${BATCH}, steps ${WARMUP + 1}…${STEPS} timed, median step, best of 2 rounds`,
);
console.log(
  `plain tfjs loop  ${best(plain).toFixed(1)} ms/step   (rounds: ${plain.map((x) => x.toFixed(1)).join(', ')})`,
);
console.log(
  `granular run     ${best(pipeline).toFixed(1)} ms/step   (rounds: ${pipeline.map((x) => x.toFixed(1)).join(', ')})`,
);
console.log(`overhead ${(overhead * 100).toFixed(1)}% (goal: at most 3%)`);
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results', 'overhead.json'),
  `${JSON.stringify({ date: new Date().toISOString(), backend, steps: STEPS, plainMs: plain, pipelineMs: pipeline, overhead }, null, 2)}\n`,
);
