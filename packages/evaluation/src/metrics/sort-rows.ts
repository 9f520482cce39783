import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { radixSortFloat32 } from './radix-sort.ts';

/**
 * Sorting the rows of float32 matrices on every core. The sliced Wasserstein distance sorts
 * 2,048 rows of 131,072 projections for a 32-px evaluation, most of its time on one core, and
 * the metric is synchronous: this thread sorts its share in place while each worker sorts a
 * share copied to shared memory, then blocks on an Atomics flag until the workers are done.
 * Sorting is exact, so the result is the same whichever thread sorts a row.
 */

/** Below this many values, sending rows to workers and back costs more than it saves. */
const PARALLEL_MIN_VALUES = 1 << 20;
/** A worker that has not answered by then is given up on, and its share sorted here. */
const WORKER_TIMEOUT_MS = 60_000;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const __name = (target) => target; // the helper esbuild's keepNames may leave in a function's text
const radixSortFloat32 = ${radixSortFloat32.toString()};
parentPort.on('message', ({ rows, rowLength, done }) => {
  let status = 1;
  try {
    const values = new Float32Array(rows);
    const scratch = new Uint32Array(rowLength);
    for (let start = 0; start < values.length; start += rowLength)
      radixSortFloat32(values.subarray(start, start + rowLength), scratch);
  } catch {
    status = 2;
  }
  const flag = new Int32Array(done);
  Atomics.store(flag, 0, status);
  Atomics.notify(flag, 0);
});
`;

let pool: Worker[] | undefined;

/** One worker per core beyond this thread's, started on first use; they never keep the process alive. */
function sortWorkers(): Worker[] {
  if (pool) return pool;
  pool = [];
  try {
    for (let k = 1; k < os.availableParallelism(); k++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      pool.push(worker);
    }
  } catch {
    // No worker threads here (a sandbox, a resource limit): this thread sorts everything.
  }
  return pool;
}

/** How many threads sort: this one and the workers that started (1 where none can). */
export function sortThreadCount(): number {
  return sortWorkers().length + 1;
}

interface Job {
  first: number;
  end: number;
  rows: Float32Array;
  done: Int32Array;
}

/**
 * Sorts, ascending and in place, every row of each row-major matrix (`rowLength` values per
 * row), sharing the rows out between this thread and one worker per further core.
 */
export function sortRows(matrices: readonly Float32Array[], rowLength: number): void {
  const rowsOf = matrices.map((matrix) => {
    if (matrix.length % rowLength !== 0)
      throw new Error(`a matrix of ${matrix.length} values has no whole rows of ${rowLength}`);
    return matrix.length / rowLength;
  });
  const total = rowsOf.reduce((sum, rows) => sum + rows, 0);
  const row = (index: number): Float32Array => {
    let m = 0;
    while (index >= rowsOf[m]!) index -= rowsOf[m++]!;
    return matrices[m]!.subarray(index * rowLength, (index + 1) * rowLength);
  };
  const scratch = new Uint32Array(rowLength);
  const sortHere = (first: number, end: number): void => {
    for (let r = first; r < end; r++) radixSortFloat32(row(r), scratch);
  };
  const workers = total * rowLength >= PARALLEL_MIN_VALUES ? sortWorkers() : [];
  const shares = workers.length + 1;
  const boundary = (k: number): number => Math.round((total * k) / shares);
  const jobs: Job[] = workers.map((worker, k) => {
    const [first, end] = [boundary(k + 1), boundary(k + 2)];
    const rows = new Float32Array(new SharedArrayBuffer((end - first) * rowLength * 4));
    for (let r = first; r < end; r++) rows.set(row(r), (r - first) * rowLength);
    const done = new Int32Array(new SharedArrayBuffer(4));
    worker.postMessage({ rows: rows.buffer, rowLength, done: done.buffer });
    return { first, end, rows, done };
  });
  sortHere(0, boundary(1));
  for (const job of jobs) {
    const answer = Atomics.wait(job.done, 0, 0, WORKER_TIMEOUT_MS);
    if (answer === 'timed-out' || Atomics.load(job.done, 0) !== 1) {
      // Start afresh next time (the old workers ended, not left idle); the rows left in `matrices` are unsorted still.
      for (const worker of pool ?? []) void worker.terminate();
      pool = undefined;
      sortHere(job.first, job.end);
      continue;
    }
    for (let r = job.first; r < job.end; r++)
      row(r).set(job.rows.subarray((r - job.first) * rowLength, (r - job.first + 1) * rowLength));
  }
}
