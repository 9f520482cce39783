import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifierScore } from './classifier-score.ts';
import { frechetDistance } from './frechet-distance.ts';
import { kernelInceptionDistance } from './kernel-inception-distance.ts';
import { modeCoverage } from './mode-coverage.ts';
import { precisionRecallDensityCoverage } from './precision-recall-density-coverage.ts';

/** numpy and scipy values, not made with this code: tools/reference/make_reference.py writes them. */
const REFERENCE = join(import.meta.dirname, '..', '..', 'test', 'reference');
function cases<T>(name: string): T[] {
  return (JSON.parse(readFileSync(join(REFERENCE, name), 'utf8')) as { cases: T[] }).cases;
}
function expectRelative(actual: number, expected: number, tolerance = 1e-3): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.max(Math.abs(expected), 1e-3));
}

describe('metrics agree with the reference values to 1e-3 relative', () => {
  it('Fréchet distance', () => {
    for (const c of cases<{ features_a: number[][]; features_b: number[][]; frechet_distance: number }>(
      'frechet.json',
    )) {
      expectRelative(frechetDistance(c.features_a, c.features_b), c.frechet_distance);
    }
  });

  it('kernel inception distance (unbiased MMD², one block)', () => {
    for (const c of cases<{ features_a: number[][]; features_b: number[][]; kid: number }>('kid.json')) {
      expectRelative(kernelInceptionDistance(c.features_a, c.features_b), c.kid);
    }
  });

  it('classifier score', () => {
    for (const c of cases<{ logits: number[][]; classifier_score: number }>('classifier-score.json'))
      expectRelative(classifierScore(c.logits), c.classifier_score);
  });

  it('precision, recall, density and coverage', () => {
    for (const c of cases<{
      real: number[][];
      fake: number[][];
      k: number;
      precision: number;
      recall: number;
      density: number;
      coverage: number;
    }>('prdc.json')) {
      const result = precisionRecallDensityCoverage(c.real, c.fake, c.k);
      expectRelative(result.precision, c.precision);
      expectRelative(result.recall, c.recall);
      expectRelative(result.density, c.density);
      expectRelative(result.coverage, c.coverage);
    }
  });
});

describe('metrics at their closed-form extremes', () => {
  it('the Fréchet distance of a set to itself is 0, and to a shifted copy the squared shift', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [Math.sin(i), Math.cos(3 * i), (i % 7) / 7]);
    expect(frechetDistance(rows, rows)).toBeCloseTo(0, 6);
    expect(
      frechetDistance(
        rows,
        rows.map((r) => [r[0]! + 2, r[1]!, r[2]! - 1]),
      ),
    ).toBeCloseTo(5, 6);
  });

  it('mode coverage counts the classes hit and gives KL 0 for uniform, log(C) for one class', () => {
    expect(modeCoverage([0, 1, 2, 3, 0, 1, 2, 3], 4)).toEqual({ modes: 4, klToUniform: 0 });
    const collapsed = modeCoverage([2, 2, 2, 2], 10);
    expect(collapsed.modes).toBe(1);
    expect(collapsed.klToUniform).toBeCloseTo(Math.log(10), 10);
  });

  it('the classifier score is 1 when all logits agree and C for confident, balanced classes', () => {
    expect(
      classifierScore([
        [1, 2, 3],
        [1, 2, 3],
      ]),
    ).toBeCloseTo(1, 10);
    expect(
      classifierScore([
        [50, 0, 0],
        [0, 50, 0],
        [0, 0, 50],
      ]),
    ).toBeCloseTo(3, 6);
  });
});
