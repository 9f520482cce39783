import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { loadPipeline, runPipeline } from '@granular/core';
import { fusedConvolutionState, selectBackend, type BackendName } from '@granular/ops';
import { builtinCatalog } from './builtin-catalog.ts';

const root = join(import.meta.dirname, '..', '..', '..');

/** Small and short: batches of 8 from the first 512 images, 20 steps; every scheduled stage still runs at the last step. */
const SHORT = [
  'stages.batches.with.size=8',
  'stages.digits.with.limit=512',
  'stages.test.with.limit=64',
  'stages.judge.with.count=64',
  'stages.metrics.with.samples=64',
  'stages.metrics.with.swd_samples=32',
];

/** Runs a shipped pipeline for 20 short steps on `backend`, and checks that the tensor count stays flat. */
async function runsFlat(name: string, backend: BackendName): Promise<void> {
  await selectBackend(backend);
  const loaded = await loadPipeline(join(root, 'pipelines', `${name}.yaml`), builtinCatalog(), { overrides: SHORT });
  const tensors = new Map<number, number>();
  const result = await runPipeline(loaded, {
    out: join(mkdtempSync(join(tmpdir(), `granular-${name}-`)), 'run'),
    maxSteps: 20,
    onEvent: (event) => event.name === 'g_loss' && tensors.set(event.step, tf.memory().numTensors),
  });
  expect(result.status).toBe('completed');
  expect(result.steps).toBe(20);
  expect(tensors.get(20)).toBe(tensors.get(10));
}

// TensorFlow's fused convolution runs where setup:native compiled the addon (not on CI).
const fusedConvolution = await selectBackend('node').then(
  () => fusedConvolutionState().available,
  () => false,
);

describe('the shipped GAN pipelines', () => {
  for (const name of [
    'mnist-mlp',
    'mnist-dcgan',
    'mnist-msg',
    'mnist-msg-paper',
    'mnist-msg-r1',
    'mnist-multid',
    'mnist-lapgan',
    'mnist-msg-attention',
    'fashion-msg',
  ])
    it(`${name} runs 20 steps with a flat tensor count`, () => runsFlat(name, 'wasm'), 120_000);

  // The models whose convolution + leaky ReLU layers take the fused call, R1's second derivatives through it included.
  for (const name of ['mnist-msg-paper', 'mnist-msg-r1', 'mnist-multid', 'mnist-dcgan'])
    it.skipIf(!fusedConvolution)(
      `${name} runs 20 steps on tfjs-node with the fused convolution, with a flat tensor count`,
      () => runsFlat(name, 'node'),
      120_000,
    );

  it('mnist64-msg (MNIST at 64 px, five scales) runs 20 steps with a flat tensor count and evaluates at full size', async () => {
    await selectBackend('wasm');
    const small = [
      'stages.batches.with.size=8',
      'stages.digits.with.limit=256',
      'stages.metrics.with.samples=64',
      'stages.metrics.with.swd_samples=32',
    ];
    const loaded = await loadPipeline(join(root, 'pipelines', 'mnist64-msg.yaml'), builtinCatalog(), {
      overrides: small,
    });
    const tensors = new Map<number, number>();
    const metrics = new Map<string, number>();
    const result = await runPipeline(loaded, {
      out: join(mkdtempSync(join(tmpdir(), 'granular-mnist64-')), 'run'),
      maxSteps: 20,
      onEvent: (event) => {
        if (event.name === 'g_loss') tensors.set(event.step, tf.memory().numTensors);
        if (event.stage === 'metrics' && typeof event.value === 'number') metrics.set(event.name, event.value);
      },
    });
    expect(result.steps).toBe(20);
    expect(tensors.get(20)).toBe(tensors.get(10));
    // SWD on the 64-px images (levels 64, 32, 16); FCD through the classifier at 28 px.
    expect([...metrics.keys()].filter((name) => name.startsWith('swd_'))).toEqual(['swd_64', 'swd_32', 'swd_16']);
    expect(metrics.get('fcd')).toBeGreaterThan(0);
  }, 120_000);
});
