import { describe, expect, it } from 'vitest';
import type { Judged, MetricInputs } from '../define-metric.ts';
import { frechetDistance } from '../frechet-distance.ts';
import { fcdPerClass } from './fcd-per-class.ts';
import { labelAccuracy } from './label-accuracy.ts';

/** A judged set of feature rows and one-hot-ish logits (the predicted class gets 5), with labels. */
function judged(features: number[][], predicted: number[], labels: number[] | undefined, classes = 3): Judged {
  return {
    images: { values: new Float32Array(0), count: features.length, height: 0, width: 0, channels: 0 },
    features: features.map((row) => Float32Array.from(row)),
    logits: predicted.map((k) => Float32Array.from({ length: classes }, (_, i) => (i === k ? 5 : 0))),
    ...(labels ? { labels: Int32Array.from(labels) } : {}),
  };
}

const inputs = (real: Judged, fake: Judged): MetricInputs => ({
  real,
  fake,
  seed: 1,
  classes: 3,
  prdcSamples: 100,
  swdSamples: 100,
});

/** Feature rows around a centre that depends on the class, with a fixed spread. */
const cloud = (label: number, n: number, offset = 0) =>
  Array.from({ length: n }, (_, i) => [label * 3 + offset + Math.sin(i * 1.7), label - Math.cos(i * 2.3) + offset]);

describe('class-conditional metrics', () => {
  it('label_accuracy is the share of samples the classifier names as the class they were asked for', () => {
    const fake = judged([[0], [0], [0], [0]], [0, 2, 2, 1], [0, 1, 2, 1]);
    expect(labelAccuracy.compute(inputs(fake, fake), {})).toEqual({ label_accuracy: 3 / 4 });
  });

  it('fcd_per_class is the mean of the FCDs class by class: 0 for the reals themselves, large when classes are swapped', () => {
    const labels = [0, 1, 2].flatMap((k) => Array<number>(40).fill(k));
    const features = [0, 1, 2].flatMap((k) => cloud(k, 40));
    const real = judged(features, labels, labels);
    expect(fcdPerClass.compute(inputs(real, real), { each: false }).fcd_per_class).toBeCloseTo(0, 6);
    // Every sample of class k drawn as class k + 1: the pooled FCD cannot see it, the per-class one does.
    const swapped = judged(
      features,
      labels,
      labels.map((k) => (k + 2) % 3),
    );
    const values = fcdPerClass.compute(inputs(real, swapped), { each: true });
    const byHand = [0, 1, 2].map((k) =>
      frechetDistance(
        cloud(k, 40).map((r) => Float32Array.from(r)),
        cloud((k + 1) % 3, 40).map((r) => Float32Array.from(r)),
      ),
    );
    expect(values['fcd_class_1']).toBeCloseTo(byHand[1]!, 6);
    expect(values['fcd_per_class']).toBeCloseTo(byHand.reduce((a, b) => a + b) / 3, 6);
    expect(values['fcd_per_class']).toBeGreaterThan(5);
    expect(frechetDistance(real.features, swapped.features)).toBeCloseTo(0, 6);
  });

  it('both refuse, with the reason, samples of an unconditional generator', () => {
    const real = judged([[0]], [0], [0]);
    const unconditional = judged([[0]], [0], undefined);
    expect(() => labelAccuracy.compute(inputs(real, unconditional), {})).toThrow(/needs a class-conditional generator/);
    expect(() => fcdPerClass.compute(inputs(real, unconditional), { each: false })).toThrow(
      /class-conditional generator/,
    );
  });
});
