import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunManifest } from '@granular/core';
import { selectBackend } from '@granular/ops';
import { granular } from './test-support/run-cli.ts';
import { waitUntil } from './test-support/wait-until.ts';
import { formatValue } from './compare/render-table.ts';
import { comparableEvents, compareRunOutputs } from './repro/compare-run-outputs.ts';

/** Moving average, LR schedules and a gradient penalty with random ε: all state a resume must restore. */
const fixture = join(import.meta.dirname, '..', 'test', 'fixtures', 'small-gan-ema.yaml');
const bin = join(import.meta.dirname, '..', 'bin', 'granular.js');
const STEPS = 120;

function fresh(name: string): string {
  return join(mkdtempSync(join(tmpdir(), `granular-${name}-`)), 'run');
}

function weights(run: string, step: number, model: string): Buffer {
  return readFileSync(
    join(run, 'checkpoints', `step-${String(step).padStart(6, '0')}`, 'models', model, 'weights.bin'),
  );
}

function loggedStep(run: string): number {
  const file = join(run, 'events.jsonl');
  if (!existsSync(file)) return 0;
  const steps = [...readFileSync(file, 'utf8').matchAll(/"step":(\d+)/g)].map((m) => Number(m[1]));
  return steps.at(-1) ?? 0;
}

/** Starts `granular run` in a child process and sends `signal` once it has logged step `after`. */
async function runAndStop(out: string, after: number, signal: NodeJS.Signals): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [bin, 'run', fixture, '--out', out, '--max-steps', String(STEPS), '--backend', 'wasm'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await waitUntil(() => loggedStep(out) >= after || child.exitCode !== null, 5);
  child.kill(signal);
  return exited;
}

let uninterrupted: string | undefined;
/** One uninterrupted run on wasm, shared by the resume tests. */
async function reference(): Promise<string> {
  if (!uninterrupted) {
    const out = fresh('reference');
    expect((await granular('run', fixture, '--out', out, '--max-steps', String(STEPS), '--backend', 'wasm')).code).toBe(
      0,
    );
    uninterrupted = out;
  }
  return uninterrupted;
}

/** tfjs-node is optional: its tests run where it loads (after npm run setup:native, or where its own install worked). */
const nodeLoads = await selectBackend('node').then(
  () => true,
  () => false,
);

describe('determinism', () => {
  for (const backend of ['cpu', 'wasm', 'node']) {
    it.skipIf(backend === 'node' && !nodeLoads)(
      `the same pipeline, seed and backend (${backend}) twice: identical weights, optimizer states and logged values`,
      async () => {
        const [a, b] = [fresh('det-a'), fresh('det-b')];
        for (const out of [a, b])
          expect((await granular('run', fixture, '--out', out, '--max-steps', '30', '--backend', backend)).code).toBe(
            0,
          );
        for (const model of ['G', 'D', 'G.ema']) expect(weights(a, 30, model).equals(weights(b, 30, model))).toBe(true);
        const values = (run: string) =>
          comparableEvents(run).map(({ step, stage, name, value }) => [step, stage, name, value]);
        expect(values(a).length).toBeGreaterThan(4 * 30);
        expect(values(a)).toEqual(values(b));
        expect(compareRunOutputs(a, b)).toMatchObject({ identical: true, checkpoints: [10, 20, 30] });
      },
      120_000,
    );
  }

  for (const backend of ['wasm', 'node']) {
    it.skipIf(backend === 'node' && !nodeLoads)(
      `the flagship (convolutions, pyramids, the metric suite) twice on ${backend}: identical`,
      async () => {
        const flagship = join(import.meta.dirname, '..', '..', '..', 'pipelines', 'mnist-msg.yaml');
        const small = [
          'stages.batches.with.size=8',
          'stages.digits.with.limit=256',
          'stages.test.with.limit=64',
          'stages.judge.with.count=64',
          'stages.metrics.with.samples=64',
          'stages.metrics.with.swd_samples=32',
        ];
        const [a, b] = [fresh('msg-a'), fresh('msg-b')];
        const runs = [];
        for (const out of [a, b])
          runs.push(
            await granular(
              'run',
              flagship,
              ...small.flatMap((s) => ['--set', s]),
              '--out',
              out,
              '--max-steps',
              '4',
              '--backend',
              backend,
            ),
          );
        for (const run of runs) expect(run.code).toBe(0);
        const fcd = JSON.parse(readFileSync(join(a, 'metrics.json'), 'utf8')).values.fcd as number;
        expect(fcd).toBeGreaterThan(0);
        // The run ends by printing its final evaluation, as recorded.
        expect(runs[0]!.err).toContain(`final evaluation (step 4, 64 samples): fcd ${formatValue(fcd)} · kid `);
        expect(compareRunOutputs(a, b)).toMatchObject({ identical: true, checkpoints: [4] });
      },
      120_000,
    );
  }

  it('the flagship on wasm with one thread and with one per core: identical (XNNPACK splits work, not sums)', async () => {
    const flagship = join(import.meta.dirname, '..', '..', '..', 'pipelines', 'mnist-msg.yaml');
    const small = [
      'stages.batches.with.size=8',
      'stages.digits.with.limit=256',
      'stages.test.with.limit=64',
      'stages.judge.with.count=64',
      'stages.metrics.with.samples=64',
      'stages.metrics.with.swd_samples=32',
    ];
    const args = (out: string) => [
      'run',
      flagship,
      ...small.flatMap((s) => ['--set', s]),
      '--out',
      out,
      '--max-steps',
      '3',
      '--backend',
      'wasm',
    ];
    const [serial, threaded] = [fresh('threads-1'), fresh('threads-n')];
    const child = spawn(process.execPath, [bin, ...args(serial)], {
      stdio: 'ignore',
      env: { ...process.env, GRANULAR_WASM_THREADS: '1' },
    });
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    expect((await granular(...args(threaded))).code).toBe(0); // this process: one thread per core
    expect(compareRunOutputs(serial, threaded)).toMatchObject({ identical: true, checkpoints: [3] });
  }, 180_000);

  it('a different seed gives different initial weights and a different run', async () => {
    const [a, b] = [fresh('seed-a'), fresh('seed-b')];
    expect(
      (await granular('run', fixture, '--out', a, '--max-steps', '10', '--seed', '1', '--backend', 'wasm')).code,
    ).toBe(0);
    expect(
      (await granular('run', fixture, '--out', b, '--max-steps', '10', '--seed', '2', '--backend', 'wasm')).code,
    ).toBe(0);
    for (const model of ['G', 'D']) expect(weights(a, 10, model).equals(weights(b, 10, model))).toBe(false);
    expect(compareRunOutputs(a, b).first).toMatchObject({ what: 'event', where: expect.stringMatching(/^step 1, /) });
  }, 60_000);

  it('granular repro re-runs a finished run and finds it identical', async () => {
    const out = fresh('repro');
    expect((await granular('run', fixture, '--out', out, '--max-steps', '20', '--backend', 'wasm')).code).toBe(0);
    const repro = await granular('repro', out);
    expect(repro.err).toMatch(/running small-gan-ema again \(seed 3, backend wasm, 20 steps\)/);
    expect(repro.out).toMatch(
      /^identical: \d+ logged values, 2 checkpoint\(s\) \(steps 10, 20\), metrics\.json, byte for byte/,
    );
    expect(repro.code).toBe(0);
  }, 60_000);
});

describe('resume equals an uninterrupted run', () => {
  it('after SIGINT: the same weights and values; the only extra values are the evaluations at the stop', async () => {
    const expected = await reference();
    const out = fresh('sigint');
    expect(await runAndStop(out, 37, 'SIGINT')).toBe(130);
    const stopped = (JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest).steps;
    expect(stopped).toBeGreaterThanOrEqual(37);
    expect(stopped).toBeLessThan(STEPS);

    const resumed = await granular('resume', out);
    expect(resumed.err).toContain(`(step ${stopped})`);
    expect(resumed.code).toBe(0);
    for (const model of ['G', 'D', 'G.ema'])
      expect(weights(out, STEPS, model).equals(weights(expected, STEPS, model))).toBe(true);
    // Stopping evaluates and checkpoints at the stop (every: N's last item); nothing else is extra or missing.
    const key = (e: { step: number; stage: string; name: string; value: unknown }) =>
      JSON.stringify([e.step, e.stage, e.name, e.value]);
    const got = comparableEvents(out).map(key);
    const want = comparableEvents(expected).map(key);
    const extra = got.filter((k) => !want.includes(k));
    expect(want.filter((k) => !got.includes(k))).toEqual([]);
    expect(extra.length).toBeGreaterThan(0);
    for (const k of extra) expect(JSON.parse(k)[0]).toBe(stopped);
  }, 120_000);

  it('after SIGKILL between checkpoints: continues from the last checkpoint, and everything is identical', async () => {
    const expected = await reference();
    const out = fresh('sigkill');
    expect(await runAndStop(out, 45, 'SIGKILL')).toBe(null);
    const killed = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    expect(killed.status).toBe('running'); // nothing got to record the end

    const resumed = await granular('resume', out);
    const from = Number(/\(step (\d+)\)/.exec(resumed.err)?.[1]);
    expect(from % 10).toBe(0);
    expect(from).toBeGreaterThanOrEqual(40);
    expect(resumed.code).toBe(0);
    expect(compareRunOutputs(expected, out)).toMatchObject({ identical: true, checkpoints: [100, 110, 120] });
  }, 120_000);

  it('after SIGKILL before the first checkpoint: starts again from step 0, and everything is identical', async () => {
    const expected = await reference();
    const out = fresh('sigkill-early');
    expect(await runAndStop(out, 3, 'SIGKILL')).toBe(null);
    expect(existsSync(join(out, 'checkpoints', 'step-000010'))).toBe(false);
    const resumed = await granular('resume', out);
    expect(resumed.err).toContain('no checkpoint yet: starting again from step 0');
    expect(resumed.code, resumed.err).toBe(0);
    expect(compareRunOutputs(expected, out)).toMatchObject({ identical: true, checkpoints: [100, 110, 120] });
  }, 120_000);

  it('after a kill during the end-of-run stages (the last checkpoint written, the final evaluation not): trains the last stretch again so that they run', async () => {
    const expected = await reference();
    const out = fresh('killed-at-end');
    cpSync(expected, out, { recursive: true });
    // What a SIGKILL in the final evaluation leaves: the checkpoint of step 120 is in place, the
    // evaluation's values and the run's end are not logged, the manifest still says running.
    const kept = readFileSync(join(out, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !/"step":120,.*"stage":"(judge|run)"/.test(line));
    writeFileSync(join(out, 'events.jsonl'), kept.map((line) => `${line}\n`).join(''));
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest;
    writeFileSync(join(out, 'manifest.json'), JSON.stringify({ ...manifest, status: 'running' }));

    const resumed = await granular('resume', out);
    expect(resumed.code, resumed.err).toBe(0);
    expect(resumed.err).toMatch(/skipped: .*step-000120 was written at the end of training \(step 120\)/);
    expect(resumed.err).toMatch(/resuming from .*step-000110 \(step 110\)/);
    expect(compareRunOutputs(expected, out)).toMatchObject({ identical: true, checkpoints: [100, 110, 120] });
    expect(comparableEvents(out).filter((e) => e.step === STEPS && e.stage === 'judge')).toHaveLength(
      comparableEvents(expected).filter((e) => e.step === STEPS && e.stage === 'judge').length,
    );

    // Completed, it has nothing to resume: said, not trained again.
    const again = await granular('resume', out);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/completed at step 120: nothing to resume/);
  }, 120_000);

  it('keeps the bounds a run was started with when manifest.json is lost, and removes unfinished checkpoint folders', async () => {
    const expected = await reference();
    const out = fresh('lost-manifest');
    expect(await runAndStop(out, 45, 'SIGKILL')).toBe(null);
    rmSync(join(out, 'manifest.json'));
    mkdirSync(join(out, 'checkpoints', '.step-000050.99999.tmp', 'models'), { recursive: true });
    const resumed = await granular('resume', out);
    expect(resumed.err).toContain('removed an unfinished checkpoint: checkpoints/.step-000050.99999.tmp');
    expect(resumed.code, resumed.err).toBe(0);
    // The checkpoint recorded --max-steps 120: the run ends there, not at the pipeline's own end.
    expect((JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as RunManifest).steps).toBe(STEPS);
    expect(compareRunOutputs(expected, out)).toMatchObject({ identical: true });
    expect(readdirSync(join(out, 'checkpoints')).filter((entry) => entry.endsWith('.tmp'))).toEqual([]);
  }, 120_000);

  it('refuses a second run or a resume on a run directory a live run holds, and takes over the lock of a dead one', async () => {
    const out = fresh('locked');
    const child = spawn(
      process.execPath,
      [bin, 'run', fixture, '--out', out, '--backend', 'wasm', '--set', 'stages.batches.with.epochs=1000'],
      { stdio: 'ignore' },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await waitUntil(() => loggedStep(out) >= 5, 5);
    const second = await granular('run', fixture, '--out', out, '--max-steps', '5', '--backend', 'wasm');
    expect(second.code).toBe(2);
    expect(second.err).toMatch(new RegExp(`is in use by another run \\(process ${child.pid}, since `));
    const resume = await granular('resume', out);
    expect(resume.code).toBe(2);
    expect(resume.err).toMatch(/is in use by another run/);
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(out, 'run.lock'))).toBe(true); // a killed run cannot clean up
    const taken = await granular('resume', out, '--max-steps', '30');
    expect(taken.code, taken.err).toBe(0);
    expect(existsSync(join(out, 'run.lock'))).toBe(false);
  }, 120_000);
});
