import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {
  contribution as core,
  createCatalog,
  loadPipeline,
  runPipeline,
  type Contribution,
  type RunOptions,
} from '@granular/core';
import { contribution as data } from '@granular/data';
import { contribution as losses } from '@granular/losses';
import { contribution as models } from '@granular/models';
import { selectBackend } from '@granular/ops';
import { contribution as trainer } from '../src/index.ts';

/** A small, fast GAN: 8×8 synthetic blobs, tiny MLPs. */
export const smallGan = (extra = '') => `name: small-gan
seed: 3
models:
  G: { use: mlp/generator, with: { latent: 8, hidden: [16], shape: [8, 8, 1] } }
  D: { use: mlp/discriminator, with: { hidden: [16], shape: [8, 8, 1] } }
stages:
  blobs:   { use: data/synthetic, with: { count: 256, size: 8 } }
  scaled:  { use: preprocess/normalize, from: blobs, with: { range: [-1, 1] } }
  batches: { use: data/batches, from: scaled, with: { size: 16, epochs: 50 } }
  d:       { use: train/d-step, from: batches }
  g:       { use: train/g-step, from: d }
${extra}`;

export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'granular-trainer-'));
}

/** Runs pipeline text on wasm; returns the run directory and the models as they ended. */
export async function train(
  text: string,
  options: RunOptions = {},
  plugins: Contribution = {},
): Promise<{ directory: string; models: Map<string, tf.LayersModel>; status: string }> {
  await selectBackend('wasm');
  const file = join(temporaryDirectory(), 'pipeline.yaml');
  writeFileSync(file, text);
  const loaded = await loadPipeline(file, createCatalog(core, data, models, losses, trainer, plugins));
  const built = new Map<string, tf.LayersModel>();
  const result = await runPipeline(loaded, {
    out: join(temporaryDirectory(), 'run'),
    ...options,
    onModelBuilt: (name, model) => {
      options.onModelBuilt?.(name, model);
      built.set(name, model as tf.LayersModel);
    },
  });
  return { directory: result.directory, models: built, status: result.status };
}

export function weightsOf(model: tf.LayersModel): number[][] {
  return model.getWeights().map((weight) => Array.from(weight.dataSync()));
}
