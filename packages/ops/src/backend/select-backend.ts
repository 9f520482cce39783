import * as tf from '@tensorflow/tfjs';
import { PipelineError, type SourceLocation } from '@granular/core';
import { registerWasmKernels } from '../wasm-kernels/register-wasm-kernels.ts';
import { installPrunableFusedOps } from '../gradients/prunable-fused-ops.ts';
import { installRectifierGradients } from '../gradients/rectifier-gradients.ts';
import { installReductionGradients } from '../gradients/reduction-gradients.ts';
import { installBatchNormTraining } from '../batch-norm/batch-norm-training.ts';
import { installScaleByTwoKernels } from '../pyramids/scale-by-two-kernels.ts';
import { prepareThreadedWasm, unrefWasmWorkers, wasmThreadsWanted } from './wasm-threads.ts';
import { loadNativeKernels } from '../native-kernels/load-native-kernels.ts';
import { registerNativeKernels } from '../native-kernels/register-native-kernels.ts';
import { registerFusedConvolution } from '../native-kernels/fused-conv-bias-leaky.ts';
import { installMatrixProduct } from '../matmul/matrix-product.ts';

export type BackendName = 'node' | 'wasm' | 'cpu';
export type BackendRequest = 'auto' | BackendName;

/** tfjs's own names for our backends. */
const TFJS_NAME: Record<BackendName, string> = { node: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
const AUTO_ORDER: readonly BackendName[] = ['node', 'wasm', 'cpu'];

/** Why a backend could not start: the reason is shown when a user asked for it by name. */
type Attempt = { ok: true } | { ok: false; reason: string };

async function start(backend: BackendName, wasmThreads: number): Promise<Attempt> {
  try {
    if (backend === 'node') {
      // Optional: absent where libtensorflow could not be had (its install downloads it).
      const optionalPackage = '@tensorflow/tfjs-node'; // a variable, so that type checking does not require it installed
      // TensorFlow logs its start-up (oneDNN, CPU features) at info level; keep warnings and errors unless asked.
      process.env['TF_CPP_MIN_LOG_LEVEL'] ??= '2';
      await import(optionalPackage);
    } else if (backend === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      registerWasmKernels();
      if (await startThreadedWasm(wasm, wasmThreads)) return { ok: true };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return { ok: false, reason: 'not installed' };
    return { ok: false, reason: `its package does not load (${(error as Error).message.split('\n')[0]})` };
  }
  // setBackend resolves to false, without throwing, when the backend fails to initialize.
  const ok = await tf.setBackend(TFJS_NAME[backend]);
  if (!ok || tf.getBackend() !== TFJS_NAME[backend]) return { ok: false, reason: 'it failed to initialize' };
  await tf.ready();
  // Granular's TensorFlow kernels, where setup:native built them; without them the composed forms run.
  if (backend === 'node' && loadNativeKernels().loaded) registerNativeKernels();
  // TensorFlow's fused convolution with bias and leaky ReLU, where the addon can call it.
  if (backend === 'node') registerFusedConvolution();
  return { ok: true };
}

/**
 * Starts the wasm backend on several threads when wanted and possible. False when it did not
 * (one thread wanted, or the threaded build failed): the caller then starts the serial build.
 */
async function startThreadedWasm(
  wasm: typeof import('@tensorflow/tfjs-backend-wasm'),
  threads: number,
): Promise<boolean> {
  const undo = prepareThreadedWasm(wasm, threads);
  if (!undo) return false;
  let ok = false;
  try {
    ok = await tf.setBackend('wasm');
  } finally {
    undo();
  }
  if (ok && tf.getBackend() === 'wasm') {
    await tf.ready();
    unrefWasmWorkers();
    return true;
  }
  // The threaded build did not start (a Node without worker support, say): the serial one next.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  wasm.setThreadsCount(1);
  return false;
}

export interface SelectedBackend {
  name: BackendName;
  /** Backends tried before it, and why each was passed over. */
  skipped: { name: BackendName; reason: string }[];
}

/**
 * Makes the requested tfjs backend current. `auto` takes the fastest that starts: node (the
 * TensorFlow C library), then wasm (with our conv-gradient kernels), then cpu (pure JS, far
 * slower, the last resort). A backend asked for by name that cannot start is an error.
 */
export async function selectBackend(request: BackendRequest, location?: SourceLocation): Promise<SelectedBackend> {
  tf.env().set('PROD', true); // no per-op NaN checks or debug warnings
  installPrunableFusedOps(); // on every backend: gradients of layers compute only what is asked for
  installRectifierGradients(); // (leaky) ReLU gradients in one kernel, with second derivatives
  installReductionGradients(); // Sum and Mean gradients without ones built in JavaScript
  installBatchNormTraining(); // training-mode batch norm as one kernel forward and one backward
  installScaleByTwoKernels(); // 2×2 pooling and 2× upsampling as the backends' own ops, any order of derivative
  installMatrixProduct(); // a dense layer's product as one BatchMatMulV2 on tfjs-node, without tfjs's reshapes around it
  const candidates = request === 'auto' ? AUTO_ORDER : [request];
  const wasmThreads = candidates.includes('wasm') ? threadsFromEnvironment() : 1;
  const skipped: SelectedBackend['skipped'] = [];
  for (const name of candidates) {
    const attempt = await start(name, wasmThreads);
    if (attempt.ok) return { name, skipped };
    skipped.push({ name, reason: attempt.reason });
  }
  throw new PipelineError({
    location: location ?? { file: 'backend', line: 1, col: 1 },
    message: `the ${request} backend is not available: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`,
    path: 'backend',
    hint:
      request === 'node'
        ? 'backend: node needs @tensorflow/tfjs-node with libtensorflow (see docs/benchmarks.md); backend: auto falls back to wasm'
        : 'use backend: auto',
  });
}

/** The wasm thread count wanted, or a clear error for a malformed GRANULAR_WASM_THREADS (rather than a silent fallback). */
function threadsFromEnvironment(): number {
  try {
    return wasmThreadsWanted();
  } catch (error) {
    throw new PipelineError({
      location: { file: 'environment', line: 1, col: 1 },
      message: (error as Error).message,
      path: 'GRANULAR_WASM_THREADS',
      hint: 'set a whole number of threads such as 2, or unset it for one thread per core',
    });
  }
}

/** The current backend under our name, for manifests and benchmarks. */
export function currentBackend(): BackendName {
  const name = tf.getBackend();
  return name === 'tensorflow' ? 'node' : (name as BackendName);
}
