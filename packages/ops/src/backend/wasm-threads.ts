import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Multi-threaded XNNPACK for tfjs's wasm backend in Node.
 *
 * tfjs 4.22 ships a threaded SIMD build whose Emscripten code supports Node's worker_threads,
 * but turns it off in Node (tfjs issue 3830) for three reasons, each handled here while the
 * backend starts, and undone right after:
 * - its `WASM_HAS_MULTITHREAD_SUPPORT` flag answers false in Node: we set it;
 * - it hands each worker its script as a Blob URL, which Node's Worker cannot load: we give a
 *   file instead, the worker script tfjs ships, preceded by a line that makes the worker load
 *   the threaded module from its file too (it is handed the module as a Blob as well);
 * - the C++ side caps the thread pool at half the logical cores it sees (assuming two hardware
 *   threads per core), so on 2 cores it would use 1: we let it see twice the threads we ask for.
 * The convolutions (XNNPACK) are what run on several threads; tfjs's own kernels stay serial.
 */

const require = createRequire(import.meta.url);
/** The threaded build starts this many workers; its thread pool cannot use more. */
const WORKER_POOL_SIZE = 8;

/** Threads to ask for: GRANULAR_WASM_THREADS, or one per core (at most the pool size). */
export function wasmThreadsWanted(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env['GRANULAR_WASM_THREADS'];
  if (fromEnv !== undefined && fromEnv !== '') {
    const count = Number(fromEnv);
    if (!Number.isInteger(count) || count < 1)
      throw new Error(`GRANULAR_WASM_THREADS must be a positive integer, got "${fromEnv}"`);
    return Math.min(count, WORKER_POOL_SIZE);
  }
  return Math.min(os.availableParallelism(), WORKER_POOL_SIZE);
}

/** Whether this Node can run the threaded build at all. */
function threadsSupported(): boolean {
  try {
    new MessageChannel().port1.postMessage(new SharedArrayBuffer(1));
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes (once per tfjs version and install location; the name is its content's hash) the
 * worker script Node's Worker will load, and returns its path.
 */
function workerScript(): string {
  const wasmOut = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const threadedModule = join(wasmOut, 'tfjs-backend-wasm-threaded-simd.js');
  const shipped = (
    require(join(wasmOut, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string }
  ).wasmWorkerContents;
  const source = [
    // The worker turns the Blob it is sent into a URL and reads that URL as a file: make it the module's file.
    `URL.createObjectURL = () => ${JSON.stringify(threadedModule)};`,
    'URL.revokeObjectURL = () => {};',
    // tfjs escapes the newlines inside the script's string literals the same way before using it.
    shipped.replace(/\n/g, '\\n'),
  ].join('\n');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const directory = join(os.tmpdir(), 'granular-wasm-threads');
  const path = join(directory, `worker-${hash}.cjs`);
  if (!existsSync(path)) {
    mkdirSync(directory, { recursive: true });
    const partial = `${path}.${process.pid}.partial`;
    writeFileSync(partial, source);
    renameSync(partial, path); // atomic: concurrent starts never load a half-written script
  }
  return path;
}

/**
 * Prepares the next `tf.setBackend('wasm')` to start the threaded build with `threads` threads
 * and returns the function that undoes the preparation (call it once the backend has started).
 * Returns undefined, changing nothing, when one thread is wanted or Node lacks what threads need
 * (shared memory, or a writable temp directory for the workers' script).
 */
export function prepareThreadedWasm(
  wasm: { setThreadsCount(count: number): void },
  threads: number,
): (() => void) | undefined {
  if (threads <= 1 || !threadsSupported()) return undefined;
  let worker: string;
  try {
    worker = workerScript();
  } catch {
    return undefined; // no writable temp directory for the workers' script: the serial build still runs
  }
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  URL.createObjectURL = () => worker;
  // Emscripten counts the entries (its logical cores); what each holds does not matter to it.
  const cpu = cpus()[0];
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpu) as os.CpuInfo[];
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  return () => {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  };
}

interface NodeWorker {
  ref(): void;
  unref(): void;
}

/**
 * Lets the process exit while the thread pool's workers wait for work: Emscripten keeps every
 * worker running a thread referenced, so a process with XNNPACK's pool would never end. Called
 * once the threaded backend has started; the pool's workers all exist by then.
 */
export function unrefWasmWorkers(): void {
  const module = (
    tf.backend() as unknown as { wasm: { PThread?: { runningWorkers: NodeWorker[]; unusedWorkers: NodeWorker[] } } }
  ).wasm;
  const pool = module.PThread;
  if (!pool) return;
  for (const worker of [...pool.runningWorkers, ...pool.unusedWorkers]) {
    worker.ref = () => {}; // a thread started later re-references its worker: not these
    worker.unref();
  }
}

/** The threads the running wasm backend's XNNPACK uses (1 for the serial build). */
export async function wasmThreadCount(): Promise<number> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return wasm.getThreadsCount();
}
