import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contribution, createCatalog, loadPipeline, PipelineErrors, type PipelineError } from '../src/index.ts';
import { badCases } from './fixtures/bad/cases.ts';

const catalog = createCatalog(contribution);
const folder = join(import.meta.dirname, 'fixtures', 'bad');

async function errorsOf(file: string, overrides: string[] = []): Promise<readonly PipelineError[]> {
  try {
    await loadPipeline(file, catalog, { overrides });
  } catch (error) {
    if (error instanceof PipelineErrors) return error.errors;
    if ((error as { name?: string }).name === 'PipelineError') return [error as PipelineError];
    throw error;
  }
  throw new Error(`${file} was accepted`);
}

describe('the bad-pipeline corpus', () => {
  it('has at least 30 cases, plus the 5 MB file made below', () => {
    expect(badCases.length).toBeGreaterThanOrEqual(30);
  });

  for (const badCase of badCases) {
    it(`reports ${badCase.title} at ${badCase.line}:${badCase.col}`, async () => {
      const errors = await errorsOf(join(folder, badCase.file), badCase.overrides);
      const match = errors.find((error) => badCase.message.test(error.message));
      expect(match, errors.map((e) => e.format()).join('\n')).toBeDefined();
      expect(basename(match!.location.file)).toBe(basename(badCase.errorFile ?? badCase.file));
      expect([match!.location.line, match!.location.col]).toEqual([badCase.line, badCase.col]);
      if (badCase.hint) expect(match!.hint).toMatch(badCase.hint);
    });
  }

  it('refuses a 5 MB file before parsing it, at 1:1', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'granular-')), 'huge.yaml');
    writeFileSync(
      file,
      `name: huge\nstages:\n${'  # padding padding padding padding padding padding padding padding\n'.repeat(80_000)}`,
    );
    const [error] = await errorsOf(file);
    expect(error!.message).toMatch(/is 5\.\d MB; at most 1024 KiB/);
    expect([error!.location.line, error!.location.col]).toEqual([1, 1]);
  });

  it('reports every mistake of a file at once, in file order', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'granular-')), 'many.yaml');
    writeFileSync(
      file,
      [
        'name: many',
        'seed: -2',
        'stages:',
        '  a: { use: toy/cont }',
        '  b: { use: toy/affine, from: c }',
        '  sink: { use: toy/record, from: b, every: 0 }',
        '',
      ].join('\n'),
    );
    const errors = await errorsOf(file);
    expect(errors.map((e) => `${e.location.line}:${e.location.col} ${e.message}`)).toEqual([
      '2:7 seed must be >= 0, but is number -2',
      "4:13 unknown stage 'toy/cont'",
      "5:31 stage 'b' reads from 'c', which is not a stage",
      '6:44 stages.sink.every must be >= 1, but is number 0',
    ]);
  });
});
