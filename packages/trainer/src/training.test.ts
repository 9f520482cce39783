import { readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { StageFailure, UserError, type RunManifest } from '@granular/core';
import { defineLoss } from '@granular/losses';
import { smallGan, train, weightsOf } from '../test/training-run.ts';
import { latestGoodBundle, listBundles, verifyBundle } from './checkpoints/checkpoint-bundle.ts';
import { directoryHandler } from '@granular/models';

describe('training a GAN from YAML', () => {
  it('writes checkpoints whose generator, reloaded with tf.loadLayersModel, equals the in-memory one', async () => {
    const { directory, models } = await train(smallGan('  save: { use: train/checkpoint, from: g, every: 6 }\n'), {
      maxSteps: 12,
    });
    const bundles = listBundles(directory);
    expect(bundles.map((b) => b.split('/').at(-1))).toEqual(['step-000012', 'step-000006']);
    const reloaded = await tf.loadLayersModel(directoryHandler(join(bundles[0]!, 'models', 'G')));
    const z = tf.randomNormal([4, 8], 0, 1, 'float32', 11);
    const expected = (models.get('G')!.predict(z) as tf.Tensor).dataSync();
    const actual = (reloaded.predict(z) as tf.Tensor).dataSync();
    expect(Array.from(actual)).toEqual(Array.from(expected));
  });

  it('keeps the number of tensors flat: the same after step 10 and after step 200', async () => {
    const counts = new Map<number, number>();
    await train(smallGan('  save: { use: train/checkpoint, from: g, every: 50 }\n'), {
      maxSteps: 200,
      onEvent: (event) => event.name === 'g_loss' && counts.set(event.step, tf.memory().numTensors),
    });
    expect(counts.get(10)).toBeGreaterThan(0);
    expect(counts.get(200)).toBe(counts.get(10));
  });

  it('stops at a NaN loss, naming the step and the stage, marks the run failed, and keeps the last good checkpoint', async () => {
    let calls = 0;
    const poisoned = defineLoss({
      name: 'test/nan-at-step-5',
      summary: 'non-saturating until D step 5, then NaN',
      params: Type.Object({}, { additionalProperties: false }),
      create: () => ({
        probabilities: true,
        discriminator: (real, fake) =>
          tf.tidy(
            () =>
              tf.mul(
                ++calls === 5 ? Number.NaN : 1,
                tf.add(tf.mean(tf.softplus(tf.neg(real))), tf.mean(tf.softplus(fake))),
              ) as tf.Scalar,
          ),
        generator: (fake) => tf.tidy(() => tf.mean(tf.softplus(tf.neg(fake))) as tf.Scalar),
      }),
    });
    const text = smallGan('  save: { use: train/checkpoint, from: g, every: 2 }\n').replace(
      'd:       { use: train/d-step, from: batches }',
      'd:       { use: train/d-step, from: batches, with: { loss: test/nan-at-step-5 } }',
    );
    const out = join((await import('../test/training-run.ts')).temporaryDirectory(), 'run');
    const failure = await train(text, { out }, { losses: [poisoned] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StageFailure);
    expect((failure as StageFailure).stage).toBe('d');
    expect((failure as StageFailure).cause).toBeInstanceOf(UserError);
    expect((failure as StageFailure).message).toMatch(/stage 'd' \(train\/d-step\) failed: d_loss is NaN at step 5/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest.status).toBe('failed');
    expect(manifest.error).toMatch(/NaN at step 5/);
    expect(latestGoodBundle(out)?.state.step).toBe(4);
  });

  it('refuses a truncated checkpoint and falls back to the one before', async () => {
    const { directory } = await train(smallGan('  save: { use: train/checkpoint, from: g, every: 3 }\n'), {
      maxSteps: 6,
    });
    const [newest, older] = listBundles(directory);
    truncateSync(join(newest!, 'models', 'G', 'weights.bin'), 10);
    expect(() => verifyBundle(newest!)).toThrow(/weights\.bin does not match its checksum \(truncated or altered\)/);
    const good = latestGoodBundle(directory)!;
    expect(good.directory).toBe(older);
    expect(good.skipped).toHaveLength(1);
  });

  it('resumed from a checkpoint, ends with exactly the weights of an uninterrupted run', async () => {
    const text = smallGan('  save: { use: train/checkpoint, from: g, every: 5 }\n');
    const whole = await train(text, { maxSteps: 10 });
    const first = await train(text, { maxSteps: 5 });
    const bundle = listBundles(first.directory)[0]!;
    const resumed = await train(text, {
      out: first.directory,
      maxSteps: 10,
      // The checkpoint stage restores the models, the train stages their optimizers: nothing is passed in.
      resume: { checkpoint: bundle, step: 5 },
    });
    for (const name of ['G', 'D'])
      expect(weightsOf(resumed.models.get(name)!)).toEqual(weightsOf(whole.models.get(name)!));
  });
});

describe('train/ema', () => {
  it('keeps ŵ ← β·ŵ + (1 − β)·w after every step (a plain copy before `start`), and checkpoints it', async () => {
    const decay = 0.9;
    let expected: number[][] | undefined;
    let G: tf.LayersModel | undefined;
    const { directory } = await train(
      smallGan(
        `  ema: { use: train/ema, from: g, with: { decay: ${decay}, start: 3 } }\n  save: { use: train/checkpoint, from: ema, every: 8 }\n`,
      ),
      {
        maxSteps: 8,
        onModelBuilt: (name, model) => {
          if (name === 'G') G = model as tf.LayersModel;
        },
        onEvent: (event) => {
          if (event.name !== 'g_loss' || !G) return;
          // g_loss is emitted after G's update, before the EMA stage sees the step.
          const current = weightsOf(G);
          const beta = event.step < 3 ? 0 : decay;
          expected = current.map((w, i) => w.map((v, j) => (expected ? beta * expected[i]![j]! + (1 - beta) * v : v)));
        },
      },
    );
    const average = await tf.loadLayersModel(directoryHandler(join(listBundles(directory)[0]!, 'models', 'G.ema')));
    const actual = weightsOf(average);
    actual.flat().forEach((value, i) => expect(value).toBeCloseTo(expected!.flat()[i]!, 5));
    expect(actual.flat()).not.toEqual(weightsOf(G!).flat());
  });
});
