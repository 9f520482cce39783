import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { RunEvent, RunManifest } from '@granular/core';
import type { MetricsFile } from '@granular/evaluation';
import type { CommandIO } from './io.ts';
import { main } from './main.ts';
import { waitUntil } from './test-support/wait-until.ts';

const fixture = join(import.meta.dirname, '..', 'test', 'fixtures', 'small-gan.yaml');

async function granular(...args: string[]) {
  let out = '';
  let err = '';
  const io: CommandIO = { out: (t) => void (out += t), err: (t) => void (err += t), isTTY: false };
  return { code: await main(args, io), out, err: () => err };
}

function events(directory: string): RunEvent[] {
  return readFileSync(join(directory, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RunEvent);
}

describe('granular run and resume on a small GAN', () => {
  it('trains, writing losses every step, sample grids, D evaluations and checkpoints; resume continues to the end', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-gan-')), 'run');
    const first = await granular('run', fixture, '--out', out, '--max-steps', '25', '--backend', 'wasm');
    expect(first.err()).toContain('backend: wasm');
    expect(first.code).toBe(0);

    const steps = events(out)
      .filter((e) => e.name === 'd_loss')
      .map((e) => e.step);
    expect(steps).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(events(out).filter((e) => e.name === 'g_loss')).toHaveLength(25);
    expect(readdirSync(join(out, 'samples'))).toEqual(['step-000010.png', 'step-000020.png', 'step-000025.png']);
    const grid = PNG.sync.read(readFileSync(join(out, 'samples', 'step-000025.png')));
    expect([grid.width, grid.height]).toEqual([3 * 9 + 1, 2 * 9 + 1]);
    const accuracy = events(out)
      .filter((e) => e.name === 'd_test_accuracy')
      .map((e) => e.value as number);
    expect(accuracy).toHaveLength(3);
    for (const value of accuracy) expect(value).toBeGreaterThanOrEqual(0);
    expect(readdirSync(join(out, 'checkpoints'))).toEqual(['step-000010', 'step-000020', 'step-000025']);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest).toMatchObject({ status: 'completed', steps: 25, backend: { requested: 'wasm', used: 'wasm' } });

    const resumed = await granular('resume', out, '--max-steps', '40');
    expect(resumed.err()).toMatch(/resuming from .*step-000025 \(step 25\)/);
    expect(resumed.code).toBe(0);
    expect(
      events(out)
        .filter((e) => e.name === 'd_loss')
        .map((e) => e.step),
    ).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // every: 10 follows the run's steps across the resume; the newest three (keep: 3) remain.
    expect(readdirSync(join(out, 'checkpoints'))).toEqual(['step-000025', 'step-000030', 'step-000040']);
  }, 60_000);

  it('bounds a run by training time; a resume counts on from the training time its checkpoint recorded', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-gan-')), 'run');
    const endless = [
      '--set',
      'stages.batches.with.epochs=100000',
      '--set',
      'stages.save.every=null',
      '--set',
      'stages.save.every_seconds=0.5',
    ];
    const first = await granular('run', fixture, '--out', out, '--max-time', '1.5s', '--backend', 'wasm', ...endless);
    expect(first.code, first.err()).toBe(0);
    expect(first.err()).toMatch(/completed after \d+ steps in .* \(1\.\ds of training\)/);
    const before = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect(before).toMatchObject({ status: 'completed', maxSeconds: 1.5 });
    expect(before.trainingSeconds!).toBeGreaterThanOrEqual(1.5);
    expect(before.trainingSeconds!).toBeLessThan(2.5);
    // Checkpoints every 0.5 s of training, and the last one at the stop.
    const saved = readdirSync(join(out, 'checkpoints'));
    expect(saved.length).toBeGreaterThanOrEqual(2);
    const last = JSON.parse(readFileSync(join(out, 'checkpoints', saved.at(-1)!, 'state.json'), 'utf8')) as {
      step: number;
      trainingSeconds: number;
    };
    expect(last.step).toBe(before.steps);
    expect(last.trainingSeconds).toBeCloseTo(before.trainingSeconds!, 1);

    const resumed = await granular('resume', out, '--max-time', '3');
    expect(resumed.code, resumed.err()).toBe(0);
    const after = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect(after.maxSeconds).toBe(3);
    expect(after.trainingSeconds!).toBeGreaterThanOrEqual(3);
    expect(after.trainingSeconds!).toBeLessThan(4);
    expect(after.steps).toBeGreaterThan(before.steps);
    // Training time never runs backwards across the resume: the continued run starts from the checkpoint's.
    const times = events(out)
      .filter((e) => e.name === 'd_loss')
      .map((e) => e.train_time!);
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
  }, 60_000);

  it('evaluates a run against its own data, never silently against MNIST: blobs get SWD only, each evaluation kept with its provenance', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-gan-')), 'run');
    expect((await granular('run', fixture, '--out', out, '--max-steps', '10', '--backend', 'wasm')).code).toBe(0);

    // The pipeline has no eval/metrics stage to say what to compare with: ask, naming the candidates.
    const unnamed = await granular('eval', out, '--samples', '64');
    expect(unnamed.code).toBe(2);
    expect(unnamed.err()).toMatch(
      /no eval\/metrics stage.*--data STAGE \(its data stages: blobs, scaled, held-out, held-scaled\)/,
    );
    // No shipped classifier knows synthetic blobs: classifier metrics are refused, not computed on MNIST's terms.
    const refused = await granular('eval', out, '--data', 'held-scaled', '--metrics', 'fcd,swd', '--samples', '64');
    expect(refused.code).toBe(2);
    expect(refused.err()).toMatch(
      /fcd cannot be computed: no shipped classifier was trained on data\/synthetic images \(stage 'held-out'\); only the pixel metric applies: --metrics swd/,
    );

    const evaluated = await granular('eval', out, '--data', 'held-scaled', '--samples', '64');
    expect(evaluated.code, evaluated.err()).toBe(0);
    expect(evaluated.err()).toMatch(/only swd: no shipped classifier was trained on data\/synthetic/);
    expect(evaluated.err()).toMatch(
      /evaluating G of step 10 on 64 samples against 'held-scaled' \(synthetic\/blobs, 8×8\)/,
    );
    expect(
      evaluated.out
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['swd_32', 'swd_16', 'swd']);
    expect((await granular('eval', out, '--data', 'held-scaled', '--samples', '32')).code).toBe(0);

    const recorded = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as MetricsFile;
    expect(recorded.evaluations!.map((e) => [e.by, e.step, e.checkpoint, e.classifier, e.samples])).toEqual([
      ['granular eval', 10, 10, null, 64],
      ['granular eval', 10, 10, null, 32],
    ]);
    expect(recorded.evaluations![0]!.reference).toEqual({
      stage: 'held-scaled',
      dataset: 'synthetic/blobs',
      size: '8×8',
      images: 64,
    });
    // The first evaluation is kept, not overwritten; the top level repeats the latest.
    expect(recorded.evaluations![0]!.values['swd']).not.toBe(recorded.evaluations![1]!.values['swd']);
    expect(recorded.values).toEqual(recorded.evaluations![1]!.values);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('All evaluations (2)');
  }, 60_000);

  it('stops on SIGINT while training, after the current step, with a last checkpoint, exit 130', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-gan-')), 'run');
    const child = spawn(
      process.execPath,
      [join(import.meta.dirname, '..', 'bin', 'granular.js'), 'run', fixture, '--out', out, '--backend', 'wasm'],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    // Training steps resolve as microtasks; the engine must still let the signal in.
    await waitUntil(
      () =>
        existsSync(join(out, 'events.jsonl')) && readFileSync(join(out, 'events.jsonl'), 'utf8').includes('"step":15,'),
    );
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect(manifest.status).toBe('interrupted');
    expect(manifest.steps).toBeLessThan(160);
    expect(readdirSync(join(out, 'checkpoints'))).toContain(`step-${String(manifest.steps).padStart(6, '0')}`);
  }, 60_000);

  it('stops at the first write the machine refuses mid-run: one line naming the path, no stack, the manifest marked failed', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'granular-gan-')), 'run');
    const child = spawn(
      process.execPath,
      [
        join(import.meta.dirname, '..', 'bin', 'granular.js'),
        'run',
        fixture,
        '--out',
        out,
        '--backend',
        'wasm',
        '--set',
        'stages.batches.with.epochs=1000',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => void (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitUntil(() => existsSync(join(out, 'checkpoints', 'step-000010')));
    // The folder checkpoints go to is replaced by a file (as root, the only way to make a write fail here).
    const refusedAt = Date.now();
    rmSync(join(out, 'checkpoints'), { recursive: true, force: true });
    writeFileSync(join(out, 'checkpoints'), '');
    expect(await exited).toBe(1);
    expect(Date.now() - refusedAt).toBeLessThan(10_000);
    expect(err).toMatch(
      new RegExp(
        `stage 'save' \\(train/checkpoint\\) failed: cannot (write|use) ${out}/checkpoints/\\S+: a part of the path is not a folder`,
      ),
    );
    expect(err).not.toMatch(/^\s+at /m);
    expect((JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest).status).toBe('failed');
  }, 60_000);

  it('refuses to resume a directory without checkpoints, exit 2 and no stack', async () => {
    const { code, err } = await granular('resume', mkdtempSync(join(tmpdir(), 'granular-empty-')));
    expect(code).toBe(2);
    expect(err()).toMatch(/is not a run directory \(no pipeline\.yaml\)/);
    expect(err()).not.toMatch(/^\s+at /m);
  });
});
