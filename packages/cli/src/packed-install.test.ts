import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunManifest } from '@granular/core';

const root = join(import.meta.dirname, '..', '..', '..');
const PACKAGES = ['core', 'ops', 'data', 'models', 'losses', 'trainer', 'evaluation', 'cli'];

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
}

describe('Granular in a project of its own', () => {
  it('packs, installs into a folder outside the repository, and there inits, validates and runs a project that extends a shipped pipeline by name', () => {
    const folder = mkdtempSync(join(tmpdir(), 'granular-user-'));
    const packed = join(folder, 'packed');
    mkdirSync(packed);
    run(
      'npm',
      [
        'pack',
        ...PACKAGES.flatMap((name) => ['--workspace', `packages/${name}`]),
        '--pack-destination',
        packed,
        '--silent',
      ],
      root,
    );
    // Packing leaves the work tree as it was (the copied pipelines and build info are removed).
    expect([
      existsSync(join(root, 'packages', 'cli', 'pipelines')),
      existsSync(join(root, 'packages', 'core', 'build-info.json')),
    ]).toEqual([false, false]);
    const tarballs = readdirSync(packed).sort();
    expect(tarballs).toHaveLength(PACKAGES.length);

    writeFileSync(
      join(folder, 'package.json'),
      '{ "name": "user-project", "version": "1.0.0", "private": true, "type": "module" }\n',
    );
    run(
      'npm',
      [
        'install',
        ...tarballs.map((file) => join(packed, file)),
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        '--ignore-scripts',
        '--silent',
      ],
      folder,
    );
    const granular = join(folder, 'node_modules', '.bin', 'granular');

    expect(run(granular, ['init', 'exp'], folder)).toContain('wrote exp/plugins/discriminator-gap.ts');
    const project = join(folder, 'exp');
    expect(run(granular, ['validate', 'pipelines/experiment.yaml'], project)).toMatch(
      /^ok {2}pipelines\/experiment\.yaml/,
    );
    expect(run(granular, ['stages', 'pipelines/experiment.yaml'], project)).toContain('my/discriminator-gap');

    const quick = [
      '--max-steps',
      '3',
      '--backend',
      'wasm',
      '--skip',
      'metrics',
      '--skip',
      'judge',
      '--set',
      'stages.digits.with.limit=256',
      '--out',
      'runs/quick',
    ];
    run(granular, ['run', 'pipelines/experiment.yaml', ...quick], project);
    const out = join(project, 'runs', 'quick');
    const events = readFileSync(join(out, 'events.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as RunEvent);
    // The project's own plugin stage ran at every step.
    expect(
      events.filter((event) => event.stage === 'gap' && event.name === 'd_gap').map((event) => event.step),
    ).toEqual([1, 2, 3]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest.status).toBe('completed');
    // Granular's own version and the commit it was packed from; the project is no git repository.
    expect(manifest.granular).toEqual({ version: '0.1.0', commit: run('git', ['rev-parse', 'HEAD'], root).trim() });
    expect(manifest.git).toBeNull();
  }, 300_000);
});
