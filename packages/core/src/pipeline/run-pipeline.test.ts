import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipelineFromText, temporaryDirectory } from '../../test/helpers/pipeline-from-text.ts';
import { contribution, createCatalog, loadPipeline, runPipeline, type RunEvent, type RunManifest } from '../index.ts';

const text = `name: recorded
seed: 9
stages:
  numbers: { use: toy/count, with: { count: 6 } }
  doubled: { use: toy/affine, from: numbers, with: { scale: 2 } }
  sink: { use: toy/record, from: doubled, with: { file: out.json } }
`;

describe('runPipeline', () => {
  it('writes runs/<name>/<UTC time>-<hash8>/ with the resolved pipeline, manifest and events', async () => {
    const loaded = await pipelineFromText(text);
    const root = temporaryDirectory();
    const result = await runPipeline(loaded, { root, packages: { rxjs: '7.8.2' } });

    expect(result.directory).toMatch(new RegExp(`recorded/\\d{8}T\\d{6}Z-${loaded.configHash.slice(0, 8)}$`));
    expect(readdirSync(result.directory).sort()).toEqual([
      'events.jsonl',
      'manifest.json',
      'out.json',
      'pipeline.yaml',
    ]);
    const manifest = JSON.parse(readFileSync(join(result.directory, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest).toMatchObject({
      pipeline: 'recorded',
      configHash: loaded.configHash,
      seed: 9,
      status: 'completed',
      steps: 6,
      error: null,
      packages: { rxjs: '7.8.2' },
    });
    expect(Date.parse(manifest.endedAt!)).toBeGreaterThanOrEqual(Date.parse(manifest.startedAt));
    expect(JSON.parse(readFileSync(join(result.directory, 'out.json'), 'utf8'))).toEqual([2, 4, 6, 8, 10, 12]);

    const events = readFileSync(join(result.directory, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RunEvent);
    expect(events.filter((e) => e.name === 'item').map((e) => [e.step, e.stage, e.value])).toEqual(
      [1, 2, 3, 4, 5, 6].map((step) => [step, 'sink', 2 * step]),
    );
    expect(events.at(-1)).toMatchObject({ stage: 'run', name: 'end', value: { status: 'completed', steps: 6 } });
  });

  it('writes a pipeline.yaml that loads to the same configuration hash', async () => {
    const loaded = await pipelineFromText(text, {}, ['stages.doubled.with.shift=1']);
    const result = await runPipeline(loaded, { root: temporaryDirectory() });
    const again = await loadPipeline(join(result.directory, 'pipeline.yaml'), createCatalog(contribution));
    expect(again.configHash).toBe(loaded.configHash);
    expect(again.spec.stages['doubled']!.with).toEqual({ scale: 2, shift: 1 });
  });

  it('marks the manifest failed with the message when a stage fails', async () => {
    const loaded = await pipelineFromText(text.replace('file: out.json', 'file: out.json, delay_ms: 0'));
    const out = join(temporaryDirectory(), 'run');
    const brokenPrepare = () => {
      throw new Error('no backend today');
    };
    await expect(runPipeline(loaded, { out, prepare: brokenPrepare })).rejects.toThrow('no backend today');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest.status).toBe('failed');
    expect(manifest.error).toBe('no backend today');
    expect(existsSync(join(out, 'out.json'))).toBe(false);
  });
});
