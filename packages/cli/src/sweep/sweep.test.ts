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
    const plan = planSweep({ grid: { 'stages.d.with.loss': ['hinge', 'non-saturating'] }, seeds: [7] }, ['stages.d.with.lr=[0.001, 0.0002]'], [1, 2, 3], 0);
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
    expect(planSweep(undefined, [], undefined, 9).runs.map((run) => [run.configuration, run.seed])).toEqual([['(base)', 9]]);
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

  it('on Ctrl-C interrupts the running runs (they stop cleanly, exit 130) and starts no more', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-sweep-')), 'sweep');
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'granular.js');
    const child = spawn(process.execPath, [bin, 'sweep', join(fixtures, 'toy-sweep.yaml'), '--grid', 'stages.checked.with.at=[1000, 2000]', '--seeds', '1,2', '--jobs', '1', '--out', out], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await waitUntil(() => {
      const index = existsSync(join(out, 'sweep.json')) ? (JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8')) as SweepIndex) : undefined;
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
    const { code, err } = await granular('sweep', join(fixtures, 'toy-sweep.yaml'), '--grid', 'stages.numbers.with.count=[3, many]', '--out', out);
    expect(code).toBe(2);
    expect(err).toMatch(/run #2 \(stages\.checked\.with\.at=1000 stages\.numbers\.with\.count=many seed=1\) is not a valid pipeline/);
    expect(err).toMatch(/stages\.numbers\.with\.count/);
    expect(err).not.toMatch(/^\s+at /m);
  });
});
