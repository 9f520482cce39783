import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '@granular/core';
import { selectBackend } from '@granular/ops';
import { slicedWasserstein, slicedWassersteinDistance, type ImageStack } from './sliced-wasserstein.ts';

function vectors(count: number, dimension: number, seed: number, shift = 0): Float32Array[] {
  const random = Random.derive(seed, 'vectors');
  return Array.from({ length: count }, () =>
    Float32Array.from({ length: dimension }, (_, i) => random.normal() + (i === 0 ? shift : 0)),
  );
}

/** E|u₁| for a uniform unit vector in d dimensions: Γ(d/2) / (√π Γ((d+1)/2)). */
function meanAbsCoordinate(d: number): number {
  const logGamma = (x: number): number => {
    // Stirling series, accurate for x ≥ 0.5 to far better than the test needs.
    if (x < 7) return logGamma(x + 1) - Math.log(x);
    return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3);
  };
  return Math.exp(logGamma(d / 2) - logGamma((d + 1) / 2)) / Math.sqrt(Math.PI);
}

describe('sliced Wasserstein distance', () => {
  beforeAll(async () => {
    await selectBackend('wasm'); // where metrics run in practice (the projections are matrix products)
  });

  it('is 0 between a set and itself', () => {
    const a = vectors(64, 5, 1);
    expect(slicedWasserstein(a, a, 2, 16, Random.derive(0, 't'))).toBe(0);
  });

  it('between a set and its copy shifted by s along one axis is s·E|u₁| over random directions', () => {
    const a = vectors(200, 6, 2);
    const b = a.map((row) => Float32Array.from(row, (v, i) => v + (i === 0 ? 3 : 0)));
    const measured = slicedWasserstein(a, b, 4, 2000, Random.derive(1, 't'));
    expect(measured).toBeCloseTo(3 * meanAbsCoordinate(6), 1);
  });

  it('on images: seeded, per level down to 16 px, and larger for a worse match', () => {
    const stack = (seed: number, noise: number): ImageStack => {
      const random = Random.derive(seed, 'images');
      const values = new Float32Array(32 * 32 * 32);
      for (let n = 0; n < 32; n++)
        for (let y = 0; y < 32; y++)
          for (let x = 0; x < 32; x++)
            values[(n * 32 + y) * 32 + x] = Math.sin((x + n) / 3) * Math.cos(y / 4) + noise * random.normal();
      return { values, count: 32, height: 32, width: 32, channels: 1 };
    };
    const options = { descriptorsPerImage: 64, directionsPerRepeat: 32 };
    const near = slicedWassersteinDistance(stack(1, 0.05), stack(2, 0.05), options);
    const far = slicedWassersteinDistance(stack(1, 0.05), stack(3, 1), options);
    expect(near.perLevel).toHaveLength(2);
    expect(slicedWassersteinDistance(stack(1, 0.05), stack(2, 0.05), options)).toEqual(near);
    expect(far.average).toBeGreaterThan(2 * near.average);
  });
});
