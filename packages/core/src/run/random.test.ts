import { describe, expect, it } from 'vitest';
import { Random } from './random.ts';

function draw(random: Random, n: number): number[] {
  return Array.from({ length: n }, () => random.next());
}

describe('Random', () => {
  it('gives the same sequence for the same seed and stream name', () => {
    expect(draw(Random.derive(7, 'd'), 50)).toEqual(draw(Random.derive(7, 'd'), 50));
  });

  it('gives different sequences for different seeds or names', () => {
    const base = draw(Random.derive(7, 'd'), 20);
    expect(draw(Random.derive(8, 'd'), 20)).not.toEqual(base);
    expect(draw(Random.derive(7, 'g'), 20)).not.toEqual(base);
  });

  it('continues exactly from a saved state', () => {
    const random = Random.derive(1, 'shuffle');
    draw(random, 123);
    const resumed = Random.fromState(random.state());
    expect(draw(resumed, 40)).toEqual(draw(random, 40));
  });

  it('is uniform on [0, 1): mean 1/2 and variance 1/12 within 4 standard errors', () => {
    const values = draw(Random.derive(3, 'uniform'), 100_000);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / values.length));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws standard normals: mean 0, variance 1, and 95.45% within two sigma', () => {
    const random = Random.derive(5, 'normal');
    const values = Array.from({ length: 100_000 }, () => random.normal());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    const inside = values.filter((v) => Math.abs(v) < 2).length / values.length;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(values.length));
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    expect(Math.abs(inside - 0.9545)).toBeLessThan(0.003);
  });

  it('shuffles into a permutation, each position equally likely', () => {
    const random = Random.derive(2, 'perm');
    const firstCounts = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const permutation = random.shuffle([0, 1, 2, 3]);
      expect([...permutation].sort()).toEqual([0, 1, 2, 3]);
      firstCounts[permutation[0]!]! += 1;
    }
    for (const count of firstCounts) expect(Math.abs(count - 10_000)).toBeLessThan(400);
  });
});
