import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryDirectory } from '../../test/helpers/pipeline-from-text.ts';
import { contribution, createCatalog, loadPipeline, PipelineErrors, RunContext, executeGraph } from '../index.ts';

const catalog = createCatalog(contribution);

const group = `group: test/scale-then-text
summary: scales, then formats
input: Number
output: text
params:
  factor: { type: number, default: 2 }
  digits: { type: integer, minimum: 0 }
stages:
  scaled: { use: toy/affine, from: $input, with: { scale: '\${factor}' } }
  text: { use: toy/to-text, from: scaled, with: { digits: '\${digits}', template: 'x\${factor}={x}' } }
`;

function setup(pipeline: string, groupText = group): string {
  const directory = temporaryDirectory();
  writeFileSync(join(directory, 'group.yaml'), groupText);
  writeFileSync(join(directory, 'pipeline.yaml'), pipeline);
  return join(directory, 'pipeline.yaml');
}

const pipeline = (withText: string) => `name: grouped
groups: [./group.yaml]
stages:
  numbers: { use: toy/count, with: { count: 3 } }
  g: { use: test/scale-then-text, from: numbers, with: ${withText} }
  sink: { use: toy/record, from: g }
`;

async function failure(file: string): Promise<PipelineErrors> {
  return (await loadPipeline(file, catalog).catch((error: unknown) => error)) as PipelineErrors;
}

describe('stage groups', () => {
  it('expand into their stages, wired to the instance input and read through the group output', async () => {
    const { graph } = await loadPipeline(setup(pipeline('{ digits: 1 }')), catalog);
    expect(graph.nodes.map((node) => [node.id, node.from])).toEqual([
      ['numbers', undefined],
      ['g/scaled', 'numbers'],
      ['g/text', 'g/scaled'],
      ['sink', 'g/text'],
    ]);
    expect(graph.byId.get('g/text')!.groups).toEqual(['g']);
    expect(graph.groupInstances.get('g')).toBe('test/scale-then-text');
  });

  it('substitute parameters with their types, defaults included', async () => {
    const loaded = await loadPipeline(setup(pipeline('{ digits: 1 }')), catalog);
    expect(loaded.graph.byId.get('g/scaled')!.params).toEqual({ scale: 2, shift: 0 });
    expect(loaded.graph.byId.get('g/text')!.params).toEqual({ digits: 1, template: 'x2={x}' });
    const context = RunContext.standalone({ name: 'grouped' });
    const items: unknown[] = [];
    context.events.listen((event) => event.name === 'item' && items.push(event.value));
    await executeGraph(loaded.graph, context, { prefetch: 1, inFlight: 1 });
    expect(items).toEqual(['x2=2.0', 'x2=4.0', 'x2=6.0']);
  });

  it('validate the instance parameters against the group params, at the pipeline line', async () => {
    const errors = (await failure(setup(pipeline('{ digits: -1, factr: 3 }')))).errors;
    expect(errors.map((e) => [e.location.line, e.location.col, e.message])).toEqual([
      [5, 66, 'stages.g.with.digits must be >= 0, but is number -1'],
      [5, 70, "unknown key 'factr' in stages.g.with"],
    ]);
  });

  it('report a missing required group parameter', async () => {
    const errors = (await failure(setup(pipeline('{}')))).errors;
    expect(errors[0]!.message).toBe("stages.g.with is missing the required key 'digits'");
  });

  it('report mistakes inside the group file at their place in it', async () => {
    const broken = group
      .replace("template: 'x${factor}={x}'", "template: 'x${facto}={x}'")
      .replace('use: toy/to-text', 'use: toy/to-txt');
    const errors = (await failure(setup(pipeline('{ digits: 1 }'), broken))).errors;
    const shown = errors.map(
      (e) => `${e.location.file.split('/').at(-1)}:${e.location.line}:${e.location.col} ${e.message}`,
    );
    expect(shown).toEqual([
      "group.yaml:10:16 unknown stage 'toy/to-txt'",
      'group.yaml:10:81 ${facto} is not a parameter of this group',
    ]);
  });

  it('refuse a port mismatch through the group input, at the instance', async () => {
    const file = setup(`name: grouped
groups: [./group.yaml]
stages:
  numbers: { use: toy/count }
  text: { use: toy/to-text, from: numbers }
  g: { use: test/scale-then-text, from: text, with: { digits: 1 } }
  sink: { use: toy/record, from: g }
`);
    const [error] = (await failure(file)).errors;
    expect(error!.message).toBe("stage 'g/scaled' (toy/affine) takes Number, but 'text' (toy/to-text) gives Text");
    expect([error!.location.line, error!.location.col]).toEqual([6, 41]);
  });

  it('are listed in the catalog of the pipeline that loads them, and only there', async () => {
    const loaded = await loadPipeline(setup(pipeline('{ digits: 1 }')), catalog);
    expect(loaded.catalog.stages.get('test/scale-then-text')?.kind).toBe('group');
    expect(catalog.stages.has('test/scale-then-text')).toBe(false);
  });
});
