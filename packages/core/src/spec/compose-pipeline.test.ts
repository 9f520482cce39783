import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../test/helpers/pipeline-from-text.ts';
import { contribution, createCatalog, loadPipeline, PipelineError, PipelineErrors } from '../index.ts';

const catalog = createCatalog(contribution);

function files(entries: Record<string, string>): string {
  const directory = temporaryDirectory();
  for (const [name, text] of Object.entries(entries)) {
    mkdirSync(join(directory, name, '..'), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

const base = `name: base
seed: 3
stages:
  numbers: { use: toy/count, with: { count: 5, from: 10 } }
  scaled: { use: toy/affine, from: numbers, with: { scale: 2, shift: 1 } }
  sink: { use: toy/record, from: scaled }
`;

describe('extends and --set', () => {
  it('merges the child over its base key by key, the child winning', async () => {
    const directory = files({
      'bases/base.yaml': base,
      'child.yaml': `extends: bases/base.yaml
name: child
stages:
  numbers: { with: { count: 7 } }
`,
    });
    const { spec } = await loadPipeline(join(directory, 'child.yaml'), catalog);
    expect(spec.name).toBe('child');
    expect(spec.seed).toBe(3);
    expect(spec.stages['numbers']).toEqual({ use: 'toy/count', with: { count: 7, from: 10, interval_ms: 0 } });
    expect(spec.stages['scaled']!.with).toEqual({ scale: 2, shift: 1 });
  });

  it('removes an inherited stage given null', async () => {
    const directory = files({
      'base.yaml': base,
      'child.yaml': 'extends: ./base.yaml\nname: child\nstages:\n  scaled: null\n  sink: { from: numbers }\n',
    });
    const { graph } = await loadPipeline(join(directory, 'child.yaml'), catalog);
    expect(graph.nodes.map((node) => node.id)).toEqual(['numbers', 'sink']);
  });

  it('removes a key or a whole stage given null on --set, as in a file that extends', async () => {
    const directory = files({ 'base.yaml': base });
    const { spec, graph } = await loadPipeline(join(directory, 'base.yaml'), catalog, {
      overrides: ['stages.scaled=null', 'stages.sink.from=numbers', 'stages.numbers.with.count=null'],
    });
    expect(graph.nodes.map((node) => node.id)).toEqual(['numbers', 'sink']);
    expect(spec.stages['numbers']!.with).toEqual({ from: 10, count: 10, interval_ms: 0 }); // count back to its default
  });

  it('extends a library pipeline by name (granular:NAME), and names the library when the name is wrong', async () => {
    const library = files({ 'base.yaml': base });
    const directory = files({
      'child.yaml': 'extends: granular:base\nname: child\n',
      'typo.yaml': 'extends: granular:bsae\nname: typo\n',
    });
    const withLibrary = { ...catalog, pipelineLibraries: [library] };
    const { spec } = await loadPipeline(join(directory, 'child.yaml'), withLibrary);
    expect(spec.stages['numbers']).toEqual({ use: 'toy/count', with: { count: 5, from: 10, interval_ms: 0 } });
    const failure = (await loadPipeline(join(directory, 'typo.yaml'), withLibrary).catch(
      (e: unknown) => e,
    )) as PipelineError;
    expect(failure).toBeInstanceOf(PipelineError);
    expect([failure.location.line, failure.message, failure.hint]).toEqual([
      1,
      "extends: no shipped pipeline is called 'bsae'",
      "did you mean 'base'?",
    ]);
  });

  it('refuses to remove what is not there (a typo in --skip or --set X=null must not pass silently)', async () => {
    const directory = files({ 'base.yaml': base });
    const failure = (await loadPipeline(join(directory, 'base.yaml'), catalog, {
      overrides: ['stages.scaeld=null'],
    }).catch((e: unknown) => e)) as PipelineError;
    expect(failure).toBeInstanceOf(PipelineError);
    expect(failure.message).toBe('stages.scaeld does not exist in the pipeline, so there is nothing to remove');
    expect(failure.hint).toBe("did you mean 'scaled'?");
  });

  it('points at the file that wrote a value: an error in the base is reported in the base', async () => {
    const directory = files({
      'base.yaml': base.replace('count: 5', 'count: -1'),
      'child.yaml': 'extends: ./base.yaml\nname: child\nseed: 4\n',
    });
    const failure = (await loadPipeline(join(directory, 'child.yaml'), catalog).catch(
      (e: unknown) => e,
    )) as PipelineErrors;
    expect(failure).toBeInstanceOf(PipelineErrors);
    expect(failure.errors[0]!.location).toMatchObject({ line: 4, col: 45 });
    expect(failure.errors[0]!.location.file).toMatch(/base\.yaml$/);
  });

  it('parses --set values as YAML and applies them in order', async () => {
    const directory = files({ 'base.yaml': base });
    const { spec } = await loadPipeline(join(directory, 'base.yaml'), catalog, {
      overrides: [
        'seed=11',
        'stages.scaled.with.scale=0.5',
        'stages.numbers.with={count: 2}',
        'stages.numbers.with.from=-3',
      ],
    });
    expect(spec.seed).toBe(11);
    expect(spec.stages['scaled']!.with).toEqual({ scale: 0.5, shift: 1 });
    expect(spec.stages['numbers']!.with).toEqual({ count: 2, from: -3, interval_ms: 0 });
  });

  it('gives equal configurations equal hashes, and different ones different hashes', async () => {
    const directory = files({
      'a.yaml': base,
      'b.yaml': base.replace('seed: 3\n', '').replace('name: base', 'name: base\nseed: 3'),
    });
    const [a, b, c] = await Promise.all([
      loadPipeline(join(directory, 'a.yaml'), catalog),
      loadPipeline(join(directory, 'b.yaml'), catalog),
      loadPipeline(join(directory, 'a.yaml'), catalog, { overrides: ['seed=4'] }),
    ]);
    expect(a.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.configHash).toBe(a.configHash);
    expect(c.configHash).not.toBe(a.configHash);
  });
});
