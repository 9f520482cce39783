import { describe, expect, it } from 'vitest';
import { downsample, lineChartSvg, niceTicks } from './svg-line-chart.ts';

describe('SVG line charts', () => {
  it('ticks at 1, 2 or 5 times a power of ten inside the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(3, 97)).toEqual([20, 40, 60, 80]);
    expect(niceTicks(-0.013, 0.021)).toEqual([-0.01, 0, 0.01, 0.02]);
  });

  it('averages long series in buckets, keeping the mean', () => {
    const points = Array.from({ length: 8_000 }, (_, i) => [i + 1, i % 2] as [number, number]);
    const reduced = downsample(points, 400);
    expect(reduced).toHaveLength(400);
    for (const [, y] of reduced) expect(y).toBeCloseTo(0.5, 10);
    expect(reduced[0]![0]).toBeCloseTo(10.5, 10); // mean of steps 1…20
  });

  it('draws a polyline through every point of a short series, non-finite values left out', () => {
    const svg = lineChartSvg({
      title: 'd.d_loss',
      points: [
        [1, 0.5],
        [2, Number.NaN],
        [3, 0.7],
      ],
    });
    expect(svg.match(/<circle/g)).toHaveLength(2);
    expect(svg).toMatch(/<polyline[^>]* points="[\d.]+,[\d.]+ [\d.]+,[\d.]+"/);
  });
});
