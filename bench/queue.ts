// What the queue costs, measured against a real redis-server on loopback: the hand-off (a job
// added to the queue until a waiting worker's run starts), a run through a worker against the
// same run started directly, and the throughput of 1 against 2 workers (one thread each) on a
// batch of short mnist-mlp runs.
//   npm run bench -- queue [--runs 4] [--steps 60]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPipeline, resolvedPipelineText } from '@granular/core';
import { builtinCatalog } from '../packages/cli/src/builtin-catalog.ts';
import { connectRedis, runQueue } from '../packages/cli/src/queue/redis-queue.ts';
import { runJobId } from '../packages/cli/src/queue/run-job.ts';
import { startRedis } from '../packages/cli/src/test-support/redis-server.ts';
import { GRANULAR_BIN, sharedCoreThreads } from '../packages/cli/src/sweep/child-run.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '4' }, steps: { type: 'string', default: '60' } },
});
const root = join(import.meta.dirname, '..');
const mlp = join(root, 'pipelines', 'mnist-mlp.yaml');
const runs = Number(values.runs);
const steps = Number(values.steps);
const folder = mkdtempSync(join(tmpdir(), 'granular-queue-bench-'));
const short = [
  'stages.digits.with.limit=4096',
  'stages.grid=null',
  'stages.metrics=null',
  'stages.judge=null',
  'backend=wasm',
];
const ONE_THREAD = sharedCoreThreads(2);

function startWorker(url: string, runsDir: string): ChildProcess {
  return spawn(process.execPath, [GRANULAR_BIN, 'worker', '--queue', url, '--runs', runsDir], {
    stdio: 'ignore',
    env: { ...process.env, ...ONE_THREAD },
  });
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  const exited = new Promise((done) => worker.once('exit', done));
  worker.kill('SIGTERM');
  await exited;
}

const redis = await startRedis();
const connection = await connectRedis(redis.url);
const queue = runQueue(connection);

/** Queues one run per seed and waits for all; returns the jobs' timings (ms since epoch). */
async function queueRuns(
  seeds: number[],
  tag: string,
): Promise<{ added: number; processedOn: number; finishedOn: number }[]> {
  const jobs = [];
  for (const seed of seeds) {
    const loaded = await loadPipeline(mlp, builtinCatalog(), { overrides: [...short, `seed=${seed}`] });
    const id = `${runJobId(loaded.configHash, seed, { maxSteps: steps })}-${tag}`;
    const pipeline = resolvedPipelineText(loaded, 'bench/queue');
    jobs.push({
      id,
      added: Date.now(),
      job: await queue.add(
        'run',
        { sweep: tag, index: seed, configuration: tag, seed, pipeline, maxSteps: steps },
        { jobId: id },
      ),
    });
  }
  const timings = [];
  for (const { id, added } of jobs) {
    for (;;) {
      const job = await queue.getJob(id);
      if (job?.finishedOn) {
        timings.push({ added, processedOn: job.processedOn!, finishedOn: job.finishedOn });
        break;
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return timings;
}

/** `granular run` of the same run in a process started directly: wall time in ms. */
function directRun(seed: number): Promise<number> {
  const started = Date.now();
  const args = [
    GRANULAR_BIN,
    'run',
    mlp,
    ...short.flatMap((s) => ['--set', s]),
    '--seed',
    String(seed),
    '--max-steps',
    String(steps),
    '--out',
    join(folder, `direct-${seed}`),
  ];
  const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, ...ONE_THREAD } });
  return new Promise((done) => child.on('exit', () => done(Date.now() - started)));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(
  `queue bench: ${runs} mnist-mlp runs of ${steps} steps (wasm, one thread each), ${cpus()[0]?.model} × ${cpus().length}`,
);

// 1. Hand-off and run time through one waiting worker, one run at a time.
const worker = startWorker(redis.url, join(folder, 'single'));
await new Promise((done) => setTimeout(done, 3000)); // the worker is up and waiting
const handOffs: number[] = [];
const throughWorker: number[] = [];
for (let seed = 1; seed <= 3; seed++) {
  const [t] = await queueRuns([seed], `single${seed}`);
  handOffs.push(t!.processedOn - t!.added);
  throughWorker.push(t!.finishedOn - t!.added);
}
await stopWorker(worker);
const direct: number[] = [];
for (let seed = 1; seed <= 3; seed++) direct.push(await directRun(seed));
console.log(`hand-off (added → taken by a waiting worker): median ${median(handOffs)} ms (${handOffs.join(', ')})`);
console.log(
  `one run: through a worker ${(median(throughWorker) / 1000).toFixed(2)} s, started directly ${(median(direct) / 1000).toFixed(2)} s (medians of 3)`,
);

// 2. Throughput: the same batch of runs with 1 and with 2 workers.
for (const count of [1, 2]) {
  const workers = Array.from({ length: count }, () => startWorker(redis.url, join(folder, `w${count}`)));
  await new Promise((done) => setTimeout(done, 3000));
  const started = Date.now();
  await queueRuns(
    Array.from({ length: runs }, (_, i) => 100 + i),
    `batch${count}`,
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${count} worker(s): ${runs} runs in ${seconds.toFixed(1)} s (${((runs / seconds) * 60).toFixed(2)} runs/min)`,
  );
  await Promise.all(workers.map(stopWorker));
}

await queue.close();
connection.disconnect();
await redis.stop();
