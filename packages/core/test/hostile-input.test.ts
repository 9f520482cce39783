import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contribution, createCatalog, loadPipeline, PipelineError, PipelineErrors } from '../src/index.ts';
import { temporaryDirectory } from './helpers/pipeline-from-text.ts';

const catalog = createCatalog(contribution);
const PIPELINE = (plugin: string) =>
  `name: plugged\nplugins: [./${plugin}]\nstages:\n  numbers: { use: toy/count }\n  sink: { use: toy/record, from: numbers }\n`;

async function firstError(file: string): Promise<PipelineError> {
  const failure = await loadPipeline(file, catalog).catch((error: unknown) => error);
  if (failure instanceof PipelineErrors) return failure.errors[0]!;
  expect(failure).toBeInstanceOf(PipelineError);
  return failure as PipelineError;
}

/** A pipeline that lists one plugin module with the given source. */
function withPlugin(source: string): string {
  const folder = temporaryDirectory();
  writeFileSync(join(folder, 'plugin.mjs'), source);
  writeFileSync(join(folder, 'pipeline.yaml'), PIPELINE('plugin.mjs'));
  return join(folder, 'pipeline.yaml');
}

describe('hostile input is answered, in bounded time, as a mistake at its place', () => {
  it('refuses to extend a named pipe (reading it would wait for a writer forever)', async () => {
    const folder = temporaryDirectory();
    execFileSync('mkfifo', [join(folder, 'base.yaml')]);
    writeFileSync(join(folder, 'pipeline.yaml'), 'name: piped\nextends: ./base.yaml\n');
    const error = await firstError(join(folder, 'pipeline.yaml'));
    expect([error.location.line, error.location.col]).toEqual([2, 10]);
    expect(error.message).toMatch(/^the pipeline file '.*base\.yaml' is not a regular file \(it is a named pipe\)$/);
  });

  it('reports a plugin that throws something other than an Error, saying what it threw', async () => {
    for (const [thrown, shown] of [
      ['null', 'it threw null, not an Error'],
      ["'x'", "it threw 'x', not an Error"],
      ['42', 'it threw 42, not an Error'],
    ] as const) {
      const error = await firstError(withPlugin(`throw ${thrown};\n`));
      expect(error.message).toBe(`plugin './plugin.mjs' failed to load: ${shown}`);
      expect([error.location.line, error.location.col]).toEqual([2, 11]);
    }
  });

  it('gives up on a plugin whose top-level await never settles, after its time limit', async () => {
    const started = Date.now();
    const error = await firstError(
      withPlugin('await new Promise(() => setInterval(() => {}, 1000));\nexport const stages = [];\n'),
    );
    expect(error.message).toBe("plugin './plugin.mjs' did not finish loading within 10 s");
    expect(error.hint).toMatch(/top level/);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 20_000);

  it('says which plugin ended the process while loading (process.exit in a plugin)', () => {
    const pipeline = withPlugin('process.exit(0);\n');
    const script = `import { contribution, createCatalog, loadPipeline } from ${JSON.stringify(join(import.meta.dirname, '..', 'src', 'index.ts'))};
await loadPipeline(${JSON.stringify(pipeline)}, createCatalog(contribution));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(child.stderr).toContain(
      "granular: plugin './plugin.mjs' ended the process (exit code 0) while it was loading",
    );
  });
});
