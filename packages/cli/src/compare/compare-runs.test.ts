import { describe, expect, it } from 'vitest';
import type { RunRecord } from './collect-runs.ts';
import { compareRuns, meanAndStd } from './compare-runs.ts';
import { formatValue, renderTable } from './render-table.ts';

function record(configuration: string, seed: number, values: Record<string, number>): RunRecord {
  return {
    directory: `/runs/${configuration}-${seed}`,
    configuration,
    seed,
    status: 'completed',
    steps: 300,
    values: new Map(Object.entries(values)),
  };
}

describe('granular compare tables', () => {
  it('mean and sample standard deviation (n − 1)', () => {
    expect(meanAndStd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, std: Math.sqrt(32 / 7) });
    expect(meanAndStd([3])).toEqual({ mean: 3, std: undefined });
  });

  it('groups runs by configuration over seeds and sorts by a metric', () => {
    const records = [
      record('loss=hinge', 1, { fcd: 10, kid: 1 }),
      record('loss=ns', 1, { fcd: 30, kid: 3 }),
      record('loss=hinge', 2, { fcd: 14, kid: 2 }),
      record('loss=ns', 2, { fcd: 20 }),
    ];
    const { runs, configurations } = compareRuns(records, { sort: 'fcd', descending: true });
    expect(runs.rows.map((row) => row.at(-2))).toEqual(['30', '20', '14', '10']);
    expect(configurations.rows).toEqual([
      ['loss=ns', '2/2', `25 ± ${formatValue(Math.sqrt(50))}`, '3'],
      ['loss=hinge', '2/2', `12 ± ${formatValue(Math.sqrt(8))}`, `1.5 ± ${formatValue(Math.sqrt(0.5))}`],
    ]);
    expect(renderTable(configurations, 'markdown').split('\n').slice(0, 3)).toEqual([
      '| configuration | runs | fcd | kid |',
      '|---|---:|---:|---:|',
      '| loss=ns | 2/2 | 25 ± 7.071 | 3 |',
    ]);
  });

  it('names the columns there are when asked for one that is not', () => {
    expect(() => compareRuns([record('a', 1, { fcd: 1 })], { metrics: ['fid'] })).toThrow(/no run logged 'fid'/);
    expect(() => compareRuns([record('a', 1, { fcd: 1 })], { sort: 'kid' })).toThrow(/cannot sort by 'kid'/);
  });

  it('flags runs evaluated on different data or sample counts, and configurations that pool them', () => {
    const full =
      "mnist classifier · mnist/test at 28×28 ('test-scaled', 10000 images) · 10000 samples, PRDC 2000, SWD 1024";
    const quick =
      "mnist classifier · mnist/test at 28×28 ('test-scaled', 1000 images) · 1000 samples, PRDC 2000, SWD 1024";
    const records = [
      { ...record('a', 1, { fcd: 10 }), evaluatedOn: full },
      { ...record('a', 2, { fcd: 11 }), evaluatedOn: quick },
      { ...record('b', 1, { fcd: 12 }), evaluatedOn: full },
    ];
    const { runs, configurations, notes } = compareRuns(records);
    expect(runs.headers).toContain('evaluated');
    expect(runs.rows.map((row) => row[5])).toEqual(['A', 'B', 'A']);
    expect(configurations.rows.map((row) => row[0])).toEqual(['a (mixed evaluations: A, B)', 'b']);
    expect(notes).toEqual([expect.stringMatching(/not comparable/), `  A: ${full}`, `  B: ${quick}`]);
    // Evaluated alike: no column, no notes.
    const alike = compareRuns(records.map((r) => ({ ...r, evaluatedOn: full })));
    expect(alike.runs.headers).not.toContain('evaluated');
    expect(alike.notes).toEqual([]);
  });
});
