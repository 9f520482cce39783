import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandIO } from '../io.ts';
import { main } from '../main.ts';
import { fuzzPipelines } from './fuzz-pipelines.ts';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

describe('hostile and broken pipelines (seeded mutations of the shipped ones)', () => {
  it('every outcome is a valid pipeline or a located error; the CLI answers each with exit 0 or 2 and no stack', async () => {
    const cli: { file: string; code: number; err: string }[] = [];
    const report = await fuzzPipelines({
      seed: 1,
      inputs: 200,
      directory: mkdtempSync(join(tmpdir(), 'granular-fuzz-')),
      // One mutant in ten also goes through `granular validate`, as a user would run it.
      onMutant: async (file, index) => {
        if (index % 10 !== 0) return;
        let err = '';
        const io: CommandIO = { out: () => {}, err: (text) => void (err += text), isTTY: false };
        cli.push({ file, code: await main(['validate', file], io), err });
      },
    });
    expect(report.other).toEqual([]);
    expect(report.valid + report.clearErrors).toBe(report.tried);
    expect(report.clearErrors).toBeGreaterThan(report.tried / 2);
    expect(report.slowestSeconds).toBeLessThan(10);
    expect(report.rssGrowthMb).toBeLessThan(512);
    for (const run of cli) {
      expect([0, 2], run.file).toContain(run.code);
      expect(run.err, run.file).not.toMatch(STACK_LINE);
    }
  }, 180_000);
});
