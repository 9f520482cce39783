import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { Random, type PipelineErrors } from '@granular/core';
import { classLoss } from '@granular/losses';
import { smallGan, train, weightsOf } from '../test/training-run.ts';
import { listBundles } from './checkpoints/checkpoint-bundle.ts';
import { Augmenter } from './training/augmentation.ts';
import { conditioningOf, realLabels } from './training/conditioning.ts';
import { Value } from '@sinclair/typebox/value';
import { augmentParams } from './training/augmentation.ts';

/** smallGan made class-conditional on the blobs' 4 classes (projection D unless told), plus `stages`. */
const conditionalGan = (d = 'condition: projection', stages = '') =>
  smallGan(stages)
    .replace('shape: [8, 8, 1] } }\n  D', 'shape: [8, 8, 1], classes: 4, batch_norm: true } }\n  D')
    .replace(
      'hidden: [16], shape: [8, 8, 1] } }\nstages',
      `hidden: [16], shape: [8, 8, 1], classes: 4, ${d} } }\nstages`,
    )
    .replace(
      'data/synthetic, with: { count: 256, size: 8 }',
      'data/synthetic, with: { count: 256, size: 8, classes: 4 }',
    );

const withDStep = (text: string, dWith: string) =>
  text.replace(
    'd:       { use: train/d-step, from: batches }',
    `d:       { use: train/d-step, from: batches, with: { ${dWith} } }`,
  );

describe('class-conditional training', () => {
  it('a projection pair with R1 and adaptive DiffAugment resumes bit for bit (same labels, same transforms, same probability)', async () => {
    const text = withDStep(
      conditionalGan('condition: projection', '  save: { use: train/checkpoint, from: g, every: 6 }\n'),
      'penalties: [{ use: r1, with: { gamma: 1 } }], augment: { probability: 0.5, adaptive: { target: 0.1, interval: 2, images: 200 } }',
    );
    const probabilities: number[] = [];
    const whole = await train(text, {
      maxSteps: 12,
      onEvent: (event) => event.name === 'augment_p' && probabilities.push(event.value as number),
    });
    // The probability moves only at the end of each 2-step interval, by 16·2/200 = 0.16 (or stays at a bound).
    expect(probabilities).toHaveLength(12);
    probabilities.forEach((p, i) => {
      const change = Math.abs(p - (probabilities[i - 1] ?? 0.5));
      if (i % 2 === 0) expect(change).toBe(0);
      else expect([0, 0.16].some((allowed) => Math.abs(change - allowed) < 1e-9)).toBe(true);
    });
    expect(new Set(probabilities).size).toBeGreaterThan(1);
    const first = await train(text, { maxSteps: 6 });
    const resumed = await train(text, {
      out: first.directory,
      maxSteps: 12,
      resume: { checkpoint: listBundles(first.directory)[0]!, step: 6 },
    });
    for (const name of ['G', 'D'])
      expect(weightsOf(resumed.models.get(name)!)).toEqual(weightsOf(whole.models.get(name)!));
  });

  it('an ACGAN pair logs its class loss, which falls as D learns the classes; tensors stay flat', async () => {
    const classLosses = new Map<number, number>();
    const counts = new Map<number, number>();
    await train(conditionalGan('condition: acgan'), {
      maxSteps: 150,
      onEvent: (event) => {
        if (event.name === 'd_class') classLosses.set(event.step, event.value as number);
        if (event.name === 'g_loss') counts.set(event.step, tf.memory().numTensors);
      },
    });
    // At the start D guesses among 4 classes on reals and fakes: about 2·ln 4.
    expect(classLosses.get(1)).toBeGreaterThan(2 * Math.log(4) - 0.5);
    expect(classLosses.get(150)).toBeLessThan(classLosses.get(1)! * 0.8);
    expect(counts.get(150)).toBe(counts.get(10));
  });

  it('refuses a conditional G against an unconditional D, and conditional models on unlabelled data', async () => {
    const mismatched = conditionalGan().replace(', classes: 4, condition: projection', '');
    // Validation answers first, from the models' parameters (a plugin model's is checked at the first step).
    const failure = (await train(mismatched, { maxSteps: 2 }).catch((e: unknown) => e)) as PipelineErrors;
    expect(failure.errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/'G' has classes: 4, but 'D' is unconditional/),
    ]);
    // The same check on the models themselves, for models validation cannot read (a plugin's).
    const { models } = await train(conditionalGan(), { maxSteps: 1 });
    const plain = await train(smallGan(), { maxSteps: 1 });
    const names = { generator: 'G', discriminator: 'D' };
    expect(() => conditioningOf(models.get('G')!, plain.models.get('D')!, names)).toThrow(
      /'G' is conditional on 4 classes, but 'D' is unconditional/,
    );
    expect(conditioningOf(models.get('G')!, models.get('D')!, names)).toEqual({ classes: 4, classHead: false });
    const conditioning = { classes: 4, classHead: false };
    expect(() => realLabels(undefined, conditioning, true)).toThrow(
      /class-conditional \(4 classes\), but the batches carry no labels/,
    );
    expect(() => realLabels(tf.tensor1d([1, 4], 'int32'), conditioning, true)).toThrow(
      /label 4, but the models know 4 classes/,
    );
  });
});

describe('the ACGAN class loss', () => {
  it('is the mean of −log softmax(logits)[label], as written out here', async () => {
    await tf.setBackend('cpu');
    const logits = [
      [1, 2, 3],
      [0, 0, 5],
      [-1, 4, 0.5],
    ];
    const labels = [2, 0, 1];
    const expected =
      logits.reduce(
        (sum, row, i) => sum - Math.log(Math.exp(row[labels[i]!]!) / row.reduce((s, v) => s + Math.exp(v), 0)),
        0,
      ) / logits.length;
    expect(classLoss(tf.tensor2d(logits), tf.tensor1d(labels, 'int32')).dataSync()[0]).toBeCloseTo(expected, 5);
    // Large logits stay finite (log-sum-exp).
    expect(classLoss(tf.tensor2d([[1000, 0]]), tf.tensor1d([1], 'int32')).dataSync()[0]).toBeCloseTo(1000, 2);
  });
});

describe('the augmentation draw and ADA', () => {
  const params = (given: object) => Value.Default(augmentParams, structuredClone(given)) as never;

  it('draws every transform with probability 1, none with 0, and shifts within ±1/8 of the side in whole pixels', () => {
    const on = new Augmenter(params({})).draw(Random.derive(1, 'a'), 500, 32);
    expect(on.shiftX.every((s) => Math.abs(s * 32) <= 4 && Number.isInteger(Math.round(s * 32 * 1e6) / 1e6))).toBe(
      true,
    );
    expect(new Set(Array.from(on.shiftX, (s) => s * 32)).size).toBe(9);
    expect(on.contrast.every((c) => c >= 0.5 && c < 1.5)).toBe(true);
    expect(on.cutX1.every((end, i) => end > on.cutX0[i]!)).toBe(true);
    const off = new Augmenter(params({ probability: 0 })).draw(Random.derive(1, 'a'), 500, 32);
    expect([...off.shiftX, ...off.brightness, ...off.cutX1].every((v) => v === 0)).toBe(true);
    // The same stream gives the same numbers, whatever the probability (streams never shift).
    const half = new Augmenter(params({ probability: 0.5 })).draw(Random.derive(1, 'a'), 500, 32);
    half.shiftX.forEach((s, i) => expect(s === 0 || s === on.shiftX[i]).toBe(true));
  });

  it("moves the probability by sign(E[sign D(real)] − target)·batch·interval/images at each interval's end, within [0, 1]", () => {
    const ada = new Augmenter(params({ probability: 0, adaptive: { target: 0.6, interval: 2, images: 1000 } }));
    ada.observe(0.9, 50);
    expect(ada.probability).toBe(0); // the interval is not over
    ada.observe(0.8, 50);
    expect(ada.probability).toBeCloseTo(0.1, 12);
    ada.observe(0.2, 50);
    ada.observe(0.3, 50);
    expect(ada.probability).toBeCloseTo(0, 12);
    ada.observe(0.1, 50);
    ada.observe(0.1, 50);
    expect(ada.probability).toBe(0);
  });
});
