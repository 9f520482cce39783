import { Type } from '@sinclair/typebox';
import type { FeatureRows } from '../../linear-algebra/feature-statistics.ts';
import { defineMetric } from '../define-metric.ts';

function distance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += (x[i]! - y[i]!) ** 2;
  return Math.sqrt(sum);
}

/** Mean over `from` of the distance to the nearest row of `to` (a row is not its own neighbour when the sets are the same). */
function meanNearest(from: FeatureRows, to: FeatureRows): number {
  let total = 0;
  for (let i = 0; i < from.length; i++) {
    let nearest = Infinity;
    for (let j = 0; j < to.length; j++)
      if (from !== to || i !== j) nearest = Math.min(nearest, distance(from[i]!, to[j]!));
    total += nearest;
  }
  return total / from.length;
}

/**
 * How close samples sit to the reference images, relative to how close those sit to each
 * other: mean distance from each sample to its nearest reference image, over the mean distance
 * from each reference image to its nearest other one (classifier features). About 1 when the
 * samples are spread like the data; well below 1 when they sit on top of reference images
 * (copies, if the reference is the training set); above 1 when they are off the data.
 */
export function nearestNeighbourRatio(real: FeatureRows, fake: FeatureRows): number {
  return meanNearest(fake, real) / meanNearest(real, real);
}

export const nnRatio = defineMetric({
  name: 'nn_ratio',
  summary:
    'Nearest-neighbour distance of samples to the reference over that of the reference to itself (≈1: spread like the data; ≪1: copies)',
  params: Type.Object({}, { additionalProperties: false }),
  needs: 'features',
  // Quadratic like PRDC: at most prdc_samples of each set.
  compute: ({ real, fake, prdcSamples }) => ({
    nn_ratio: nearestNeighbourRatio(real.features.slice(0, prdcSamples), fake.features.slice(0, prdcSamples)),
  }),
});
