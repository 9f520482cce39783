import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { granular } from '../test-support/run-cli.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import type { SweepIndex } from './sweep-index.ts';
import { parseGridArgument, parseSeeds, planSweep, runDirectoryName } from './sweep-plan.ts';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'sweep');

describe('sweep plan', () => {
  it('expands every combination of the grid (last axis fastest), each for every seed', () => {
    const plan = planSweep(
      { grid: { 'stages.d.with.loss': ['hinge', 'non-saturating'] }, seeds: [7] },
      ['stages.d.with.lr=[0.001, 0.0002]'],
      [1, 2, 3],
      0,
    );
    expect(plan.runs).toHaveLength(2 * 2 * 3);
    expect(plan.runs.slice(0, 4).map((run) => [run.configuration, run.seed])).toEqual([
      ['stages.d.with.loss=hinge stages.d.with.lr=0.001', 1],
      ['stages.d.with.loss=hinge stages.d.with.lr=0.001', 2],
      ['stages.d.with.loss=hinge stages.d.with.lr=0.001', 3],
      ['stages.d.with.loss=hinge stages.d.with.lr=0.0002', 1],
    ]);
    expect(plan.runs[0]!.settings).toEqual(['stages.d.with.loss="hinge"', 'stages.d.with.lr=0.001']);
    expect(runDirectoryName(plan.runs[11]!)).toBe('012-loss=non-saturating-lr=0.0002-seed=3');
  });

  it('takes the seeds of the file, else the pipeline seed; a --grid axis replaces the same axis of the file', () => {
    expect(planSweep({ seeds: [4, 5] }, [], undefined, 1).runs.map((run) => run.seed)).toEqual([4, 5]);
    expect(planSweep(undefined, [], undefined, 9).runs.map((run) => [run.configuration, run.seed])).toEqual([
      ['(base)', 9],
    ]);
    const plan = planSweep({ grid: { 'a.b': [1, 2, 3] } }, ['a.b=[4]'], undefined, 0);
    expect(plan.runs.map((run) => run.settings)).toEqual([['a.b=4']]);
  });

  it('refuses malformed axes and seeds with a reason', () => {
    expect(() => parseGridArgument('stages.d.with.loss=hinge')).toThrow(/must be a non-empty YAML list/);
    expect(() => parseGridArgument('=[1]')).toThrow(/is not of the form path=\[a, b, …\]/);
    expect(() => parseGridArgument('a=[1, 2')).toThrow(/not valid YAML/);
    expect(() => parseSeeds('1,x')).toThrow(/whole numbers/);
    expect(() => parseSeeds('1,1')).toThrow(/names a seed twice/);
    expect(() => planSweep(undefined, ['seed=[1,2]'], undefined, 0)).toThrow(/--seeds/);
  });
});

describe('granular sweep and compare', () => {
  it('runs two at a time, reports a failed run at once, keeps going, and indexes every run', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-sweep-')), 'sweep');
    const { code, err } = await granular('sweep', join(fixtures, 'toy-sweep.yaml'), '--out', out);
    expect(code).toBe(1);
    // The failing run (#2) is reported while the other is still going, with the end of its log.
    expect(err.indexOf('FAILED #2')).toBeGreaterThan(0);
    expect(err.indexOf('FAILED #2')).toBeLessThan(err.indexOf('finished #1'));
    expect(err).toMatch(/stage 'checked' \(test\/fail-at\) failed: reached 3/);
    const index = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepIndex;
    expect(index.runs.map((run) => [run.status, run.exitCode])).toEqual([
      ['completed', 0],
      ['failed', 1],
    ]);

    const compared = await granular('compare', out, '--metrics', 'item', '--format', 'markdown');
    expect(compared.code).toBe(0);
    expect(compared.out).toContain('| 001-at=1000-seed=1 | stages.checked.with.at=1000 | 1 | completed | 30 | 30 |');
    expect(compared.out).toContain('| stages.checked.with.at=3 | 0/1 | 2 |');
  }, 60_000);

  it('sweeps several files at equal training time, and compares them at budget marks and in a chart', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-sweep-')), 'sweep');
    const { code, err } = await granular(
      'sweep',
      join(fixtures, 'toy-budget-a.yaml'),
      join(fixtures, 'toy-budget-b.yaml'),
      '--seeds',
      '1,2',
      '--max-time',
      '1s',
      '--jobs',
      '2',
      '--out',
      out,
    );
    expect(code, err).toBe(0);
    const index = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepIndex;
    expect(index.pipeline).toBe('toy-budget-a+toy-budget-b');
    expect(index.runs.map((run) => [run.configuration, run.seed, run.status, run.directory])).toEqual([
      ['toy-budget-a', 1, 'completed', '001-toy-budget-a-seed=1'],
      ['toy-budget-a', 2, 'completed', '002-toy-budget-a-seed=2'],
      ['toy-budget-b', 1, 'completed', '003-toy-budget-b-seed=1'],
      ['toy-budget-b', 2, 'completed', '004-toy-budget-b-seed=2'],
    ]);
    for (const run of index.runs) {
      const manifest = JSON.parse(readFileSync(join(out, run.directory, 'manifest.json'), 'utf8')) as {
        maxSeconds: number;
        trainingSeconds: number;
      };
      expect(manifest.maxSeconds).toBe(1);
      expect(manifest.trainingSeconds).toBeGreaterThanOrEqual(1);
      expect(manifest.trainingSeconds).toBeLessThan(2);
    }

    // The score stage ran every 0.25 s of training: its item at the 0.5 s mark is about 0.5 s × 50 items/s (× 3 for b).
    const compared = await granular(
      'compare',
      out,
      '--over',
      'time',
      '--marks',
      '0.5,1',
      '--metrics',
      'item',
      '--format',
      'markdown',
    );
    expect(compared.code, compared.err).toBe(0);
    const rows = compared.out.split('\n').filter((line) => line.startsWith('| toy-budget'));
    expect(rows).toHaveLength(2);
    const cells = rows.map((row) => row.split('|').map((cell) => cell.trim()));
    const [a, b] = cells.map((row) => [Number(row[3]!.split(' ')[0]), Number(row[4]!.split(' ')[0])]);
    expect(a![0]).toBeGreaterThan(5);
    expect(a![1]).toBeGreaterThan(a![0]!);
    expect(b![0]! / a![0]!).toBeGreaterThan(2);
    expect(b![0]! / a![0]!).toBeLessThan(4);

    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('Against training time');
    // One chart for item: a line (and a band over the two seeds) per configuration, and a legend naming both.
    expect(report.match(/<polyline/g)!.length).toBeGreaterThanOrEqual(2);
    expect(report).toContain('toy-budget-a (2 seeds)');
    expect(report).toContain('toy-budget-b (2 seeds)');
  }, 60_000);

  it('on Ctrl-C interrupts the running runs (they stop cleanly, exit 130) and starts no more', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-sweep-')), 'sweep');
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'granular.js');
    const child = spawn(
      process.execPath,
      [
        bin,
        'sweep',
        join(fixtures, 'toy-sweep.yaml'),
        '--grid',
        'stages.checked.with.at=[1000, 2000]',
        '--seeds',
        '1,2',
        '--jobs',
        '1',
        '--out',
        out,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await waitUntil(() => {
      const index = existsSync(join(out, 'sweep.json'))
        ? (JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepIndex)
        : undefined;
      const first = index?.runs[0];
      return first?.status === 'running' && existsSync(join(out, first.directory, 'events.jsonl'));
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    const index = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepIndex;
    expect(index.runs.map((run) => run.status)).toEqual(['interrupted', 'waiting', 'waiting', 'waiting']);
    expect(err).toMatch(/interrupted #1 .*resume it with granular resume/);
  }, 60_000);

  it('checks every configuration before running any: a bad grid value is a user mistake (exit 2)', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-sweep-')), 'sweep');
    const { code, err } = await granular(
      'sweep',
      join(fixtures, 'toy-sweep.yaml'),
      '--grid',
      'stages.numbers.with.count=[3, many]',
      '--out',
      out,
    );
    expect(code).toBe(2);
    expect(err).toMatch(
      /run #2 \(stages\.checked\.with\.at=1000 stages\.numbers\.with\.count=many seed=1\) is not a valid pipeline/,
    );
    expect(err).toMatch(/stages\.numbers\.with\.count/);
    expect(err).not.toMatch(/^\s+at /m);
  });
});
