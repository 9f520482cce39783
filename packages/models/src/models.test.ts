import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkValue, paramsSchema, RunContext, type ModelDefinition } from '@granular/core';
import {
  dcganDiscriminator,
  dcganGenerator,
  mlpDiscriminator,
  mlpGenerator,
  msgDiscriminator,
  msgGenerator,
} from './index.ts';

/** Builds a model with its schema defaults, plus `overrides`, from the stream of seed `seed`. */
function build(definition: ModelDefinition, overrides: Record<string, unknown> = {}, seed = 1): tf.LayersModel {
  const params = { ...overrides };
  expect(checkValue(paramsSchema(definition.params), params)).toEqual([]);
  return definition.create(params as never, RunContext.standalone({ seed }).forStage('models.X')) as tf.LayersModel;
}

describe('models', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it("the MLP generator and discriminator have the origin's layout by default", () => {
    const g = build(mlpGenerator as ModelDefinition);
    const d = build(mlpDiscriminator as ModelDefinition);
    // G: 100→128, three 128→128, 128→784 (weights and biases); D: 784→128, three 128→128, 128→1.
    expect(g.countParams()).toBe(100 * 128 + 128 + 3 * (128 * 128 + 128) + 128 * 784 + 784);
    expect(d.countParams()).toBe(784 * 128 + 128 + 3 * (128 * 128 + 128) + 128 + 1);
    expect(g.outputs[0]!.shape).toEqual([null, 28, 28, 1]);
    expect(d.outputs[0]!.shape).toEqual([null, 1]);
  });

  it('the DCGAN pair has the paper-style layout: 7·7·128 → 64 → 1 and 64 → 128 → 1', () => {
    const g = build(dcganGenerator as ModelDefinition);
    const d = build(dcganDiscriminator as ModelDefinition);
    expect(g.countParams()).toBe(100 * 6272 + 6272 + (5 * 5 * 128 * 64 + 64) + (5 * 5 * 64 + 1));
    expect(d.countParams()).toBe(5 * 5 * 64 + 64 + (5 * 5 * 64 * 128 + 128) + (7 * 7 * 128 + 1));
    const images = tf.tidy(() => g.predict(tf.randomNormal([3, 100])) as tf.Tensor);
    expect(images.shape).toEqual([3, 28, 28, 1]);
    expect(Math.max(...Array.from(images.dataSync()).map(Math.abs))).toBeLessThanOrEqual(1);
    expect((d.predict(images) as tf.Tensor).shape).toEqual([3, 1]);
  });

  it('a DCGAN generator for 32×32 starts at 4 and upsamples three times', () => {
    const g = build(dcganGenerator as ModelDefinition, { start: 4, upsamplings: 3 });
    expect(g.outputs[0]!.shape).toEqual([null, 32, 32, 1]);
  });

  it("MSG with DCGAN blocks is the DCGAN's layers plus an image at every scale and D's joins", () => {
    const scales = { scales: [7, 14, 28], filters: [128, 64, 16], block: 'dcgan' };
    const g = build(msgGenerator as ModelDefinition, { ...scales, latent: 100 });
    const d = build(msgDiscriminator as ModelDefinition, { ...scales, combine: 'simple', minibatch_stddev: false });
    // G: dense 100→7·7·128 (no bias) + BN, convT 5×5 128→64 + BN, convT 5×5 64→16 + BN (4 weights each), a 1×1 toRGB (+bias) per scale.
    const bn = (c: number) => 4 * c;
    expect(g.countParams()).toBe(
      100 * 6272 + bn(6272) + 25 * 128 * 64 + bn(64) + 25 * 64 * 16 + bn(16) + (128 + 1) + (64 + 1) + (16 + 1),
    );
    // D: conv 5×5 1→64 at 28, the 14-px image joined (65 channels), conv 5×5 65→128, the 7-px image joined (129), dense.
    expect(d.countParams()).toBe(25 * 64 + 64 + (25 * 65 * 128 + 128) + (7 * 7 * 129 + 1));
    const images = tf.tidy(() => g.predict(tf.randomNormal([3, 100])) as tf.Tensor[]);
    expect(images.map((image) => image.shape)).toEqual([
      [3, 28, 28, 1],
      [3, 14, 14, 1],
      [3, 7, 7, 1],
    ]);
    expect((d.predict(images) as tf.Tensor).shape).toEqual([3, 1]);
    expect(
      msgDiscriminator.secondOrder?.({
        ...scales,
        combine: 'simple',
        minibatch_stddev: false,
        attention_at: [],
      } as never),
    ).toBeUndefined();
  });

  it('init: he starts hidden layers with variance 2/fan_in (truncated at 2σ, as tfjs draws it), glorot with 2/(fan_in + fan_out)', () => {
    const kernelStd = (init: string) => {
      const values = Array.from(
        build(mlpGenerator as ModelDefinition, { init })
          .getWeights()[0]!
          .dataSync(),
      ); // 100 × 128
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    };
    // A normal truncated at ±2σ keeps 0.8796 of its standard deviation.
    expect(kernelStd('he') / (0.8796 * Math.sqrt(2 / 100))).toBeCloseTo(1, 1);
    // Glorot uniform on ±√(6/(fan_in + fan_out)): standard deviation √(2/(fan_in + fan_out)).
    expect(kernelStd('glorot') / Math.sqrt(2 / (100 + 128))).toBeCloseTo(1, 1);
  });

  it('initial weights follow the seed', () => {
    const weights = (seed: number) =>
      Array.from(
        build(mlpGenerator as ModelDefinition, {}, seed)
          .getWeights()[0]!
          .dataSync()
          .slice(0, 20),
      );
    expect(weights(5)).toEqual(weights(5));
    expect(weights(6)).not.toEqual(weights(5));
  });
});
