import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './select-backend.ts';
import { wasmThreadCount, wasmThreadsWanted } from './wasm-threads.ts';

describe('the wasm backend on several threads', () => {
  it('wants one thread per core (at most 8) unless GRANULAR_WASM_THREADS says otherwise', () => {
    expect(wasmThreadsWanted({})).toBe(Math.min(availableParallelism(), 8));
    expect(wasmThreadsWanted({ GRANULAR_WASM_THREADS: '1' })).toBe(1);
    expect(wasmThreadsWanted({ GRANULAR_WASM_THREADS: '3' })).toBe(3);
    expect(wasmThreadsWanted({ GRANULAR_WASM_THREADS: '64' })).toBe(8);
    expect(() => wasmThreadsWanted({ GRANULAR_WASM_THREADS: 'two' })).toThrow(
      /GRANULAR_WASM_THREADS must be a positive integer, got "two"/,
    );
  });

  it('refuses a malformed GRANULAR_WASM_THREADS with a clear error, not a silent fallback', async () => {
    process.env['GRANULAR_WASM_THREADS'] = 'two';
    try {
      await expect(selectBackend('auto')).rejects.toThrow(
        /GRANULAR_WASM_THREADS must be a positive integer, got "two"/,
      );
    } finally {
      delete process.env['GRANULAR_WASM_THREADS'];
    }
  });

  it('starts with the threads wanted and computes what one thread does', async () => {
    await selectBackend('wasm');
    expect(await wasmThreadCount()).toBe(wasmThreadsWanted());
    // A convolution large enough for XNNPACK to split across threads, against the cpu backend.
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const x = tf.tensor4d(
          Array.from({ length: 4 * 16 * 16 * 8 }, (_, i) => Math.sin(i * 0.1)),
          [4, 16, 16, 8],
        );
        const w = tf.tensor4d(
          Array.from({ length: 5 * 5 * 8 * 16 }, (_, i) => Math.cos(i * 0.3)),
          [5, 5, 8, 16],
        );
        return Array.from(tf.conv2d(x, w, 2, 'same').dataSync());
      });
    };
    const expected = await run('cpu');
    const actual = await run('wasm');
    actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 3));
  });

  it('falls back to one thread, still on wasm, where the workers script cannot be written', () => {
    const directory = mkdtempSync(join(tmpdir(), 'granular-threads-'));
    const script = join(directory, 'start.mts');
    writeFileSync(
      script,
      `import { selectBackend, wasmThreadCount } from ${JSON.stringify(new URL('../index.ts', import.meta.url).pathname)};\nconst selected = await selectBackend('wasm');\nconsole.log(String(selected.name) + ' ' + String(await wasmThreadCount()));\n`,
    );
    // A file where the workers' script directory would go: it cannot be made.
    writeFileSync(join(directory, 'granular-wasm-threads'), '');
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TMPDIR: directory, GRANULAR_WASM_THREADS: '2' },
    });
    rmSync(directory, { recursive: true });
    expect(out.trim()).toBe('wasm 1');
  });

  it('lets the process exit while the pool waits for work', () => {
    // A process that starts the threaded backend and returns: it must end by itself.
    const directory = mkdtempSync(join(tmpdir(), 'granular-threads-'));
    const script = join(directory, 'start.mts');
    writeFileSync(
      script,
      `import { selectBackend } from ${JSON.stringify(new URL('./select-backend.ts', import.meta.url).pathname)};\nawait selectBackend('wasm');\nconsole.log('started');\n`,
    );
    const out = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 60_000 });
    rmSync(directory, { recursive: true });
    expect(out.trim()).toBe('started');
  });
});
