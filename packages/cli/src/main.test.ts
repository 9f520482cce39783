import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { badCases } from '../../core/test/fixtures/bad/cases.ts';
import type { CommandIO } from './io.ts';
import { COMMAND_TABLE } from './commands/command-table.ts';
import { main } from './main.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const badFolder = join(root, 'packages', 'core', 'test', 'fixtures', 'bad');
const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

async function granular(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIO = { out: (text) => void (out += text), err: (text) => void (err += text), isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

function temporary(): string {
  return mkdtempSync(join(tmpdir(), 'granular-cli-'));
}

describe('granular', () => {
  it('lists its commands with --help', async () => {
    const { code, out } = await granular('--help');
    expect(code).toBe(0);
    for (const command of ['validate', 'graph', 'run', 'stages']) expect(out).toContain(`  ${command}`);
  });

  it('lists its commands without loading them: --help starts in a fresh process without TensorFlow.js or the stages', async () => {
    const script = `import { main } from ${JSON.stringify(join(import.meta.dirname, 'main.ts'))};
await main(['--help'], { out: () => {}, err: () => {}, isTTY: false });
const loaded = Object.keys(await import('node:module').then((m) => m.createRequire(import.meta.url).cache));
console.log(JSON.stringify({ tfjs: loaded.some((file) => file.includes('@tensorflow')), rxjs: loaded.some((file) => file.includes('/rxjs/')) }));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root });
    let printed = '';
    child.stdout.on('data', (chunk) => (printed += chunk));
    await new Promise((resolve) => child.on('exit', resolve));
    expect(JSON.parse(printed)).toEqual({ tfjs: false, rxjs: false });
  });

  it('loads each listed command under its own name', async () => {
    for (const entry of COMMAND_TABLE) expect((await entry.load()).name).toBe(entry.name);
  });

  it('explains each command with --help', async () => {
    const { code, out } = await granular('run', '--help');
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: granular run FILE/);
    expect(out).toContain('--max-steps N');
  });

  it('suggests the command meant by a typo, exit 2', async () => {
    const { code, err } = await granular('valdate', 'x.yaml');
    expect(code).toBe(2);
    expect(err).toContain("did you mean 'validate'?");
  });

  it('refuses an unknown option with the usage, exit 2', async () => {
    const { code, err } = await granular('run', 'pipelines/hello.yaml', '--max-step', '3');
    expect(code).toBe(2);
    expect(err).toMatch(
      /^granular run: unknown option --max-step \(did you mean --max-steps\?\); its options: --set, --skip/,
    );
    expect(err).toContain('Usage: granular run FILE');
  });

  it('shows terminal escape sequences, bidi overrides and zero-width characters from the user escaped, never acting on the terminal', async () => {
    const escape = await granular(
      'validate',
      join(root, 'pipelines', 'hello.yaml'),
      '--set',
      'stages.numbers.with.count=\u001b[31mred\u202e\u200b',
    );
    expect(escape.code).toBe(2);
    expect(escape.err).toContain('\\u{001b}[31mred\\u{202e}\\u{200b}');
    expect(escape.err).not.toMatch(/[\u001b\u202e\u200b]/);
    const command = await granular('r\u001b[2Jun');
    expect(command.err).toContain("unknown command 'r\\u{001b}[2Jun'");
  });

  it('says which write the machine refused, naming the path, with no stack (a run directory it may not create)', async () => {
    const refused = await granular(
      'run',
      join(root, 'pipelines', 'hello.yaml'),
      '--out',
      '/sys/granular-run',
      '--max-steps',
      '2',
    );
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(
      /^granular run: cannot (write|use) \/sys\/granular-run: (operation not permitted|permission denied|the file system is read-only)\n {4}hint: check the folder's permissions/,
    );
    expect(refused.err).not.toMatch(STACK_LINE);
  });

  it('says argument mistakes in its own words: a negative or absurd --max-steps, a missing value', async () => {
    const negative = await granular('run', 'pipelines/hello.yaml', '--max-steps', '-1');
    expect([negative.code, negative.err.split('\n')[0]]).toEqual([
      2,
      "granular run: --max-steps takes a value; to give one that starts with '-', write --max-steps=VALUE (here it would be read as another option)",
    ]);
    const huge = await granular('run', 'pipelines/hello.yaml', '--max-steps', '99999999999999999999');
    expect([huge.code, huge.err.split('\n')[0]]).toEqual([
      2,
      "granular run: --max-steps must be a positive whole number, not '99999999999999999999'",
    ]);
    const missing = await granular('run', 'pipelines/hello.yaml', '--max-steps');
    expect([missing.code, missing.err.split('\n')[0]]).toEqual([2, 'granular run: --max-steps needs a value']);
  });

  it('validates every shipped pipeline', async () => {
    const files = readdirSync(join(root, 'pipelines'))
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => join(root, 'pipelines', name));
    const { code, out, err } = await granular('validate', ...files);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`${files.length} valid, 0 invalid`);
  });

  it('prints the graph as Mermaid, with port types on the edges', async () => {
    const { code, out } = await granular('graph', join(root, 'pipelines', 'hello.yaml'));
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('flowchart LR');
    expect(out).toContain('s_numbers -->|Number| s_fahrenheit');
    expect(out).toContain('s_labels -->|Text| s_record');
  });

  it('prints groups as subgraphs, and DOT on request', async () => {
    const mermaid = await granular('graph', join(root, 'pipelines', 'hello-group.yaml'));
    expect(mermaid.out).toContain('subgraph s_celsius["celsius (units/to-celsius)"]');
    const dot = await granular('graph', join(root, 'pipelines', 'hello-group.yaml'), '--format', 'dot');
    expect(dot.out).toMatch(/^digraph "hello-group" \{/);
    expect(dot.out).toContain('subgraph cluster_s_celsius {');
  });

  it('lists the stages a pipeline adds through groups and plugins', async () => {
    const { out } = await granular('stages', join(root, 'pipelines', 'hello-group.yaml'));
    expect(out).toMatch(/units\/to-celsius .*\[group .*to-celsius\.yaml\]/);
    expect(out).toMatch(/example\/clamp .*\[plugin\]/);
  });

  it('runs the pipeline with a group and a plugin stage', async () => {
    const out = temporary();
    const { code } = await granular('run', join(root, 'pipelines', 'hello-group.yaml'), '--out', out);
    expect(code).toBe(0);
    const fahrenheit = Array.from({ length: 20 }, (_, x) => 1.8 * x + 32);
    expect(JSON.parse(readFileSync(join(out, 'clamped.json'), 'utf8'))).toEqual(
      fahrenheit.map((f) => Math.min(60, Math.max(40, f))),
    );
    expect(JSON.parse(readFileSync(join(out, 'temperatures.json'), 'utf8'))[10]).toBe('10.00 °C');
  });

  describe('on every case of the bad-pipeline corpus', () => {
    for (const badCase of badCases) {
      it(`${badCase.title}: prints file:line:col, exits 2, runs nothing`, async () => {
        const runs = temporary();
        const file = join(badFolder, badCase.file);
        const overrides = (badCase.overrides ?? []).flatMap((text) => ['--set', text]);
        const { code, err, out } = await granular('run', file, ...overrides, '--runs-dir', runs);
        expect(code).toBe(2);
        expect(out).toBe('');
        const where = `${badCase.errorFile?.startsWith('--set') ? badCase.errorFile : (badCase.errorFile ?? badCase.file).split('/').at(-1)}:${badCase.line}:${badCase.col}  `;
        expect(err).toContain(where);
        expect(err).not.toMatch(STACK_LINE);
        expect(readdirSync(runs)).toEqual([]);
      });
    }
  });
});

describe('granular run, interrupted with SIGINT', () => {
  it('stops after the current step, lets every stage flush, and exits 130', async () => {
    const out = temporary();
    const child = spawn(
      process.execPath,
      [
        join(root, 'packages', 'cli', 'bin', 'granular.js'),
        'run',
        join(root, 'pipelines', 'hello.yaml'),
        '--set',
        'stages.numbers.with={count: 100000, interval_ms: 2}',
        '--out',
        out,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Wait until steps are being taken, then interrupt.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        try {
          if (readFileSync(join(out, 'events.jsonl'), 'utf8').split('\n').length > 40) {
            clearInterval(poll);
            resolve();
          }
        } catch {
          /* not created yet */
        }
      }, 50);
    });
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('stopping after the current step');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { status: string; steps: number };
    expect(manifest.status).toBe('interrupted');
    expect(manifest.steps).toBeGreaterThan(0);
    expect(manifest.steps).toBeLessThan(100000);
    // The recording sink flushed everything that was taken from the source.
    expect(JSON.parse(readFileSync(join(out, 'temperatures.json'), 'utf8'))).toHaveLength(manifest.steps);
  }, 30_000);
});
