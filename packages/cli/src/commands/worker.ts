import { defineCommand, UsageError } from '../command.ts';
import { connectRedis, queueUrl, shownUrl } from '../queue/redis-queue.ts';
import { runWorker } from '../queue/run-worker.ts';
import { parseDuration } from './run-bounds.ts';

export const workerCommand = defineCommand({
  name: 'worker',
  usage: 'granular worker --queue URL [--concurrency N] [--runs DIR] [--lock-time T]',
  help: `Takes runs that 'granular sweep --queue' put on a BullMQ queue in Redis, and runs each as
'granular run' in a process of its own, N at a time; start one on every machine that should
train. Progress (step, latest numbers) goes back to the queue for 'granular sweep --watch'; a
finished run returns its summary (manifest, evaluations, last value of every number), so the
sweep can be compared without reading this machine's files.

Run directories are <runs>/<job id>/. On storage every worker shares (NFS), a run whose worker
died is resumed from its last checkpoint by the worker that takes it over (bit for bit the
uninterrupted run); on local folders it starts again. A run that fails by itself (a pipeline
mistake, a NaN) is not retried; one whose worker stopped or crashed is.

Ctrl-C (or SIGTERM) interrupts the running runs (they write a checkpoint), hands their jobs
back to the queue and exits.

  --queue URL        redis://[user:pass@]host:port[/db], rediss:// for TLS (or GRANULAR_QUEUE)
  --concurrency N    runs at a time (default 1; each on one thread when N > 1)
  --runs DIR         where run directories go (default runs/queue)
  --lock-time T      how long a run's lock lasts unrenewed: how soon another worker takes over the
                     run of a worker that died (default 30s)

Example:
  granular worker --queue redis://gpu-box:6379 --concurrency 2 --runs /mnt/shared/runs`,
  options: {
    queue: { type: 'string' },
    concurrency: { type: 'string', default: '1' },
    runs: { type: 'string', default: 'runs/queue' },
    'lock-time': { type: 'string', default: '30' },
  },
  async run({ values }, io) {
    const url = queueUrl(values.queue);
    if (!url) throw new UsageError('granular worker needs --queue redis://host:port (or GRANULAR_QUEUE)');
    const concurrency = Number(values.concurrency);
    if (!(Number.isInteger(concurrency) && concurrency > 0))
      throw new UsageError(`--concurrency must be a positive whole number, not '${values.concurrency}'`);
    const lockSeconds = parseDuration(values['lock-time'], '--lock-time')!;
    const connection = await connectRedis(url);
    io.err(`worker: queue ${shownUrl(url)}\n`);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      await runWorker({
        connection,
        runs: values.runs,
        concurrency,
        io,
        lockMs: lockSeconds * 1000,
        signal: controller.signal,
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      connection.disconnect();
    }
    return 130;
  },
});
