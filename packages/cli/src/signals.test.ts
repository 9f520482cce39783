import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunManifest } from '@granular/core';
import { selectBackend } from '@granular/ops';

const nodeBackend = await selectBackend('node').then(
  () => true,
  () => false,
);

// Signals reach a training process: Ctrl-C, a resized terminal, a child process ending, a
// profiler. TensorFlow's MatMul corrupted the heap when one arrived mid-product, and the main
// job, run under the CPU profiler, died of a segmentation fault before its first step.
describe.skipIf(!nodeBackend)('training on tfjs-node under signals', () => {
  it('the main job trains 60 steps under the CPU profiler, which interrupts it every 100 µs', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'granular-signals-'));
    const out = join(scratch, 'run');
    const child = spawnSync(
      process.execPath,
      [
        '--cpu-prof',
        '--cpu-prof-interval',
        '100',
        '--cpu-prof-dir',
        join(scratch, 'profile'),
        join(import.meta.dirname, '..', 'bin', 'granular.js'),
        'run',
        join(import.meta.dirname, '..', '..', '..', 'pipelines', 'mnist-mlp.yaml'),
        '--max-steps',
        '60',
        '--skip',
        'metrics',
        '--skip',
        'judge',
        '--skip',
        'grid',
        '--backend',
        'node',
        '--out',
        out,
      ],
      { encoding: 'utf8', timeout: 150_000 },
    );
    expect([child.signal, child.status]).toEqual([null, 0]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect([manifest.status, manifest.steps]).toEqual(['completed', 60]);
  }, 180_000);
});
