import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { installedVersion } from '@granular/core';
import {
  cpuFlags,
  fusedConvolutionState,
  nativeKernelsState,
  selectBackend,
  wasmThreadCount,
  type BackendName,
} from '@granular/ops';

const require = createRequire(import.meta.url);

/** The CPU's vector extensions that matter for TensorFlow's, XNNPACK's and Granular's kernels. */
export function cpuFeatures(): string {
  const flags = cpuFlags();
  if (!flags) return 'unknown';
  return (
    ['avx2', 'fma', 'avx512f', 'avx512_vnni'].filter((flag) => flags.has(flag)).join(' ') ||
    'none of avx2, fma, avx512f'
  );
}

/** Where tfjs-node's TensorFlow library came from: npm run setup:native leaves TensorFlow 2.x's libtensorflow_cc beside it. */
function nativeLibrary(): string {
  try {
    const lib = join(dirname(require.resolve('@tensorflow/tfjs-node/package.json')), 'deps', 'lib');
    if (existsSync(join(lib, 'libtensorflow_cc.so.2')))
      return 'TensorFlow C library from a tensorflow-cpu wheel (npm run setup:native)';
    if (existsSync(join(lib, 'libtensorflow.so.2.9.1'))) return 'libtensorflow 2.9.1 (tfjs-node’s own download)';
  } catch {
    // not installed: selectBackend says so
  }
  return '';
}

export interface BackendStatus {
  name: BackendName;
  loads: boolean;
  detail: string;
}

/** Tries each backend in turn; a loaded one stays current until the next is selected. */
export async function probeBackend(name: BackendName): Promise<BackendStatus> {
  try {
    await selectBackend(name);
  } catch (error) {
    return { name, loads: false, detail: (error as Error).message.split('\n')[0]! };
  }
  // Each description only once its backend is loaded: the wasm flags exist only after its module is.
  const describe: Record<BackendName, () => Promise<string>> = {
    node: async () =>
      `@tensorflow/tfjs-node ${installedVersion('@tensorflow/tfjs-node') ?? '?'}; ${nativeLibrary()}; ${kernelsDescription()}`,
    wasm: async () =>
      `@tensorflow/tfjs-backend-wasm ${installedVersion('@tensorflow/tfjs-backend-wasm') ?? '?'}; SIMD ${(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'on' : 'off'}; ${threadsDescription(await wasmThreadCount())}`,
    cpu: async () =>
      `@tensorflow/tfjs-backend-cpu ${installedVersion('@tensorflow/tfjs-backend-cpu') ?? '?'}; plain JavaScript`,
  };
  return { name, loads: true, detail: await describe[name]() };
}

/** Whether Granular's own TensorFlow kernels and the fused convolution run, or why not (the composed forms then run: slower, same results). */
function kernelsDescription(): string {
  const state = nativeKernelsState();
  const fused = fusedConvolutionState();
  const kernels = state.loaded
    ? "Granular's TensorFlow kernels loaded"
    : `Granular's TensorFlow kernels not loaded: ${state.reason}`;
  return `${kernels}; ${fused.available ? 'fused convolution + bias + leaky ReLU on' : `fused convolution off: ${fused.reason}`}`;
}

function threadsDescription(threads: number): string {
  return threads === 1
    ? '1 thread (GRANULAR_WASM_THREADS sets more)'
    : `${threads} threads for XNNPACK's operators (GRANULAR_WASM_THREADS)`;
}

export function machineSummary(): string {
  return `Node ${process.version} on ${process.platform}-${process.arch}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}; ${cpuFeatures()}), @tensorflow/tfjs ${tf.version.tfjs}`;
}
