// Times one training step (a D step and a G step, through the train/d-step and train/g-step
// stages themselves) for each model family, batch size and available backend. Prints a table
// and writes bench/results/step-time.json.
//   npm run bench -- step-time [--backends wasm,cpu] [--steps 10]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { Subject, type OperatorFunction } from 'rxjs';
import { contribution as coreContribution, createCatalog, RunContext, type ModelDefinition } from '@granular/core';
import { makeBatch, type Batch } from '@granular/data';
import { contribution as lossContribution } from '@granular/losses';
import { dcganDiscriminator, dcganGenerator, mlpDiscriminator, mlpGenerator } from '@granular/models';
import { selectBackend, type BackendName } from '@granular/ops';
import { contribution as trainerContribution } from '@granular/trainer';

interface Family {
  name: string;
  generator: [ModelDefinition, Record<string, unknown>];
  discriminator: [ModelDefinition, Record<string, unknown>];
  shape: [number, number, number];
}

/** The models of pipelines/mnist-mlp.yaml and pipelines/mnist-dcgan.yaml. */
const FAMILIES: Family[] = [
  {
    name: 'mlp',
    generator: [mlpGenerator as ModelDefinition, { latent: 100, hidden: [256, 512, 1024], activation: 'leaky_relu', batch_norm: true, shape: [28, 28, 1], output: 'tanh' }],
    discriminator: [mlpDiscriminator as ModelDefinition, { hidden: [512, 256], activation: 'leaky_relu', shape: [28, 28, 1] }],
    shape: [28, 28, 1],
  },
  {
    name: 'dcgan',
    generator: [dcganGenerator as ModelDefinition, { latent: 100, start: 7, upsamplings: 2, filters: 64, kernel: 5, channels: 1, batch_norm: true, output: 'tanh' }],
    discriminator: [dcganDiscriminator as ModelDefinition, { shape: [28, 28, 1], downsamplings: 2, filters: 64, kernel: 5, slope: 0.2, batch_norm: false }],
    shape: [28, 28, 1],
  },
];

const TRAIN_PARAMS = { generator: 'G', discriminator: 'D', loss: 'non-saturating', loss_params: {}, lr: 2e-4, beta1: 0.5, beta2: 0.999 };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeSteps(family: Family, batchSize: number, steps: number, warmup: number): Promise<number[]> {
  const catalog = createCatalog(coreContribution, lossContribution, trainerContribution);
  const models = new Map([
    ['G', { definition: family.generator[0], params: family.generator[1] }],
    ['D', { definition: family.discriminator[0], params: family.discriminator[1] }],
  ]);
  const context = new RunContext({ info: { ...RunContext.standalone().info, models: ['G', 'D'] }, models, catalog });
  const dStep = catalog.stages.get('train/d-step')!;
  const gStep = catalog.stages.get('train/g-step')!;
  const step = (dStep.create as (p: object, c: unknown) => OperatorFunction<Batch, unknown>)(TRAIN_PARAMS, context.forStage('d'));
  const gStepOperator = (gStep.create as (p: object, c: unknown) => OperatorFunction<unknown, unknown>)({ ...TRAIN_PARAMS, n_critic: 1 }, context.forStage('g'));
  const input = new Subject<Batch>();
  input.pipe(step, gStepOperator).subscribe();
  const times: number[] = [];
  for (let i = 0; i < warmup + steps; i++) {
    const images = tf.randomUniform([batchSize, ...family.shape], -1, 1) as tf.Tensor4D;
    const batch = makeBatch(images, undefined, 0, i, [-1, 1]);
    context.advance();
    const started = performance.now();
    input.next(batch); // synchronous: the D step and the G step both run (and read their losses) before next() returns
    if (i >= warmup) times.push(performance.now() - started);
    batch.dispose();
  }
  input.complete();
  for (const model of context.builtModels().values()) (model as tf.LayersModel).dispose();
  return times;
}

const { values } = parseArgs({ args: process.argv.slice(2), options: { backends: { type: 'string', default: 'node,wasm,cpu' }, steps: { type: 'string', default: '10' } } });
const rows: { backend: BackendName; model: string; batch: number; medianMs: number; steps: number }[] = [];
for (const backend of values.backends!.split(',') as BackendName[]) {
  try {
    await selectBackend(backend);
  } catch {
    console.log(`${backend}: not available here, skipped`);
    continue;
  }
  for (const family of FAMILIES) {
    for (const batch of [64, 128]) {
      // The cpu backend takes tens of seconds per conv step: fewer samples there.
      const steps = backend === 'cpu' && family.name !== 'mlp' ? 3 : Number(values.steps);
      const times = await timeSteps(family, batch, steps, backend === 'cpu' && family.name !== 'mlp' ? 1 : 2);
      rows.push({ backend, model: family.name, batch, medianMs: median(times), steps });
      console.log(`${backend.padEnd(5)} ${family.name.padEnd(6)} batch ${String(batch).padStart(3)}  ${median(times).toFixed(0).padStart(7)} ms/step  (median of ${steps})`);
    }
  }
}
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'results', 'step-time.json'), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
console.log('\n| backend | model | batch | ms per step (D + G) |\n|---|---|---|---|');
for (const row of rows) console.log(`| ${row.backend} | ${row.model} | ${row.batch} | ${row.medianMs.toFixed(0)} |`);
