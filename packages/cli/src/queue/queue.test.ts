import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { granular } from '../test-support/run-cli.ts';
import { startRedis, type TestRedis } from '../test-support/redis-server.ts';
import { waitUntil } from '../test-support/wait-until.ts';
import { queueUrl, shownUrl } from './redis-queue.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'granular.js');
const MLP = join(import.meta.dirname, '..', '..', '..', '..', 'pipelines', 'mnist-mlp.yaml');
/** mnist-mlp cut short: 24 steps on 1,024 digits, a checkpoint every 8 and a small evaluation at the end. */
const SHORT = [
  '--max-steps',
  '24',
  '--backend',
  'wasm',
  '--skip',
  'grid',
  ...[
    'stages.digits.with.limit=1024',
    'stages.test.with.limit=256',
    'stages.judge.with.count=128',
    'stages.metrics.every=24',
    'stages.metrics.with.samples=256',
    'stages.save.every=8',
  ].flatMap((s) => ['--set', s]),
];
const GRID = ['--seeds', '1,2', '--grid', 'stages.d.with.lr=[0.0002,0.0004]'];

/** A `granular worker` process (a real one: the tests kill it), with its output collected. */
function startWorker(url: string, runs: string): { child: ChildProcess; log: () => string } {
  let log = '';
  const child = spawn(process.execPath, [BIN, 'worker', '--queue', url, '--runs', runs, '--lock-time', '3s'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  return { child, log: () => log };
}

async function stop(worker: { child: ChildProcess }): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((done) => worker.child.once('exit', done));
  worker.child.kill('SIGTERM');
  await exited;
}

describe('queue URLs', () => {
  it('takes redis:// and rediss:// (or GRANULAR_QUEUE), and never shows a password', () => {
    expect(queueUrl('rediss://u:pw@host:6380/2')).toBe('rediss://u:pw@host:6380/2');
    expect(shownUrl('redis://u:pw@host:6379/1')).toBe('redis://u:***@host:6379/1');
    expect(shownUrl('redis://host:6379')).toBe('redis://host:6379');
    expect(() => queueUrl('host:6379')).toThrow(/is not redis:\/\/ or rediss:\/\/|is not a queue URL/);
    const before = process.env['GRANULAR_QUEUE'];
    process.env['GRANULAR_QUEUE'] = 'redis://from-env:6379';
    try {
      expect(queueUrl(undefined)).toBe('redis://from-env:6379');
    } finally {
      if (before === undefined) delete process.env['GRANULAR_QUEUE'];
      else process.env['GRANULAR_QUEUE'] = before;
    }
  });
});

describe('sweeps on a BullMQ queue (a real redis-server)', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('runs a 4-run sweep over 2 workers; compare gives the local sweep’s table to the digit; a second submission runs nothing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'granular-queue-'));
    const shared = join(root, 'shared-runs');
    const workers = [startWorker(redis.url, shared), startWorker(redis.url, shared)];
    try {
      const submit = (...extra: string[]) =>
        granular(
          'sweep',
          MLP,
          ...GRID,
          ...SHORT,
          '--queue',
          redis.url,
          '--runs-dir',
          join(root, 'submitter'),
          ...extra,
        );
      const queued = await submit('--watch');
      expect(queued.code).toBe(0);
      expect(queued.err).toMatch(/4 run\(s\) queued on redis:\/\/127\.0\.0\.1:\d+/);
      expect(queued.err).toMatch(/sweep: 4 completed, 0 failed/);
      const queuedDirectory = queued.out.trim();
      // Both workers took runs.
      for (const worker of workers) expect(worker.log()).toMatch(/worker: finished job/);

      const local = await granular('sweep', MLP, ...GRID, ...SHORT, '--jobs', '2', '--out', join(root, 'local'));
      expect(local.code).toBe(0);
      const table = async (directory: string) => (await granular('compare', directory, '--format', 'markdown')).out;
      const fromQueue = await table(queuedDirectory);
      expect(fromQueue).toMatch(/fcd/);
      expect(fromQueue).toBe(await table(join(root, 'local')));

      // The same sweep again: every job is already there (same configuration, seed and bounds).
      const again = await submit();
      expect(again.code).toBe(0);
      expect(again.err).toMatch(/0 run\(s\) queued on .*, 4 already there/);
      await new Promise((done) => setTimeout(done, 1500));
      const started = workers.map((w) => w.log().match(/worker: started job/g)?.length ?? 0);
      expect(started.reduce((a, b) => a + b)).toBe(4);

      // compare by the sweep's id, from the queue alone.
      const id = /sweep (\S+): 4 run/.exec(queued.err)![1]!;
      const byId = await granular(
        'compare',
        '--queue',
        redis.url,
        id,
        '--format',
        'markdown',
        '--runs-dir',
        join(root, 'elsewhere'),
      );
      expect(byId.code).toBe(0);
      expect(byId.out).toBe(fromQueue);
    } finally {
      await Promise.all(workers.map(stop));
    }
  }, 300_000);

  it('a worker killed mid-run: another takes the job over and resumes it from its checkpoint, ending with the uninterrupted run’s weights', async () => {
    const root = mkdtempSync(join(tmpdir(), 'granular-queue-kill-'));
    const shared = join(root, 'shared-runs');
    const args = [MLP, '--seeds', '5', ...SHORT];
    const first = startWorker(redis.url, shared);
    const submitted = await granular('sweep', ...args, '--queue', redis.url, '--runs-dir', join(root, 'submitter'));
    expect(submitted.code).toBe(0);
    const id = submitted.out.trim();
    // The job's run directory, once the worker has made it.
    const runDirectory = () =>
      existsSync(shared) ? (readdirSync(shared).find((name) => !name.includes('.')) ?? '') : '';
    await waitUntil(() => existsSync(join(shared, runDirectory(), 'checkpoints', 'step-000016', 'checksums.json')));
    first.child.kill('SIGKILL');
    const second = startWorker(redis.url, shared);
    try {
      const watched = await granular(
        'sweep',
        '--queue',
        redis.url,
        '--watch',
        id,
        '--runs-dir',
        join(root, 'submitter'),
      );
      expect(watched.code).toBe(0);
      expect(second.log()).toMatch(/worker: resuming job/);
      const uninterrupted = join(root, 'uninterrupted');
      expect((await granular('run', MLP, '--seed', '5', ...SHORT, '--out', uninterrupted)).code).toBe(0);
      for (const model of ['G', 'D']) {
        const weights = (directory: string) =>
          readFileSync(join(directory, 'checkpoints', 'step-000024', 'models', model, 'weights.bin'));
        expect(weights(join(shared, runDirectory())).equals(weights(uninterrupted))).toBe(true);
      }
    } finally {
      await stop(second);
    }
  }, 300_000);

  it('a run that fails by itself (a NaN) is not retried; its error reaches --watch', async () => {
    const root = mkdtempSync(join(tmpdir(), 'granular-queue-nan-'));
    const worker = startWorker(redis.url, join(root, 'runs'));
    try {
      const nan = ['--set', 'stages.d.with.lr=1e30', '--set', 'stages.g.with.lr=1e30'];
      const watched = await granular(
        'sweep',
        MLP,
        '--seeds',
        '9',
        ...SHORT,
        ...nan,
        '--queue',
        redis.url,
        '--watch',
        '--attempts',
        '3',
        '--runs-dir',
        join(root, 'submitter'),
      );
      expect(watched.code).toBe(1);
      expect(watched.err).toMatch(/FAILED #1 \(base\) seed=9( on \S+)?:[\s\S]*g_loss is NaN at step 1/);
      expect(watched.err).toMatch(/sweep: 0 completed, 1 failed/);
      expect(worker.log().match(/worker: started job/g)).toHaveLength(1);
    } finally {
      await stop(worker);
    }
  }, 120_000);

  it('names the URL when Redis cannot be reached, and refuses what is not a redis:// URL', async () => {
    const unreachable = await granular('sweep', MLP, ...SHORT, '--queue', 'redis://127.0.0.1:1');
    expect(unreachable.code).toBe(2);
    expect(unreachable.err).toMatch(/cannot reach the queue's Redis at redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
    expect(unreachable.err).not.toMatch(/^\s+at /m);
    const worker = await granular('worker', '--queue', 'redis://user:secret@127.0.0.1:1');
    expect(worker.code).toBe(2);
    expect(worker.err).toMatch(/redis:\/\/user:\*\*\*@127\.0\.0\.1:1/);
    expect(worker.err).not.toMatch(/secret/);
    const wrong = await granular('worker', '--queue', 'http://127.0.0.1:6379');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toMatch(/is not redis:\/\/ or rediss:\/\//);
  });
});
