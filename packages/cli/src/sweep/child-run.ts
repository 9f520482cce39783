import { join } from 'node:path';

/** The CLI entry point: a sweep's runs and a worker's jobs are each `granular run` in a process of its own. */
export const GRANULAR_BIN = join(import.meta.dirname, '..', '..', 'bin', 'granular.js');

/**
 * The environment of a run that shares the cores with others: one thread each (tfjs-node's
 * TensorFlow reads the TF_ and OMP_ settings, Granular's wasm start GRANULAR_WASM_THREADS).
 */
export function sharedCoreThreads(runsAtOnce: number): Record<string, string> {
  return runsAtOnce > 1
    ? { TF_NUM_INTRAOP_THREADS: '1', TF_NUM_INTEROP_THREADS: '1', OMP_NUM_THREADS: '1', GRANULAR_WASM_THREADS: '1' }
    : {};
}
