import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { opAttrs, type TensorFlowBackend } from '../backend/tensorflow-backend.ts';
import { missingX86_64V3Flags } from './cpu-flags.ts';

/**
 * Granular's own TensorFlow kernels (packages/ops/native/*.cc): pixel norm, 2× pooling and
 * upsampling, bias add, leaky ReLU and the convolutions with a one-channel side, with their
 * gradients, each one pass over the tensor on every core where TensorFlow's ops take several
 * passes or run slowly (docs/benchmarks.md, "Granular's TensorFlow kernels").
 *
 * `npm run setup:native` compiles them against the TensorFlow library it gives tfjs-node and
 * leaves the module beside that library; loading it adds the ops to TensorFlow's registry,
 * after which tfjs-node runs them by name like TensorFlow's own. Without the module (tfjs-node
 * from elsewhere, a failed build, GRANULAR_NATIVE_KERNELS=0) the composed forms run: the same
 * functions, a few milliseconds slower per call.
 */

const require = createRequire(import.meta.url);

/** Where setup:native puts the module: tied to the library it was built against, and wiped with it. */
export function nativeKernelsPath(): string | undefined {
  try {
    return join(
      dirname(require.resolve('@tensorflow/tfjs-node/package.json')),
      'deps',
      'granular',
      'granular-kernels.node',
    );
  } catch {
    return undefined;
  }
}

export type NativeKernelsState = { loaded: true; path: string } | { loaded: false; reason: string };

let state: NativeKernelsState = { loaded: false, reason: 'the node backend has not started' };

/** Whether Granular's kernels are in TensorFlow's registry and the current backend is tfjs-node. */
export function nativeKernelsReady(): boolean {
  return state.loaded && tf.getBackend() === 'tensorflow';
}

export function nativeKernelsState(): NativeKernelsState {
  return state;
}

/**
 * Loads the module once tfjs-node is the backend, and checks that an op of it runs (a module
 * built against another TensorFlow would register nothing usable). Never throws: any failure
 * leaves the composed forms in place and says why in nativeKernelsState().
 */
export function loadNativeKernels(env: NodeJS.ProcessEnv = process.env): NativeKernelsState {
  if (state.loaded) return state;
  if (env['GRANULAR_NATIVE_KERNELS'] === '0')
    return (state = { loaded: false, reason: 'switched off by GRANULAR_NATIVE_KERNELS=0' });
  const path = nativeKernelsPath();
  if (!path || !existsSync(path))
    return (state = { loaded: false, reason: 'not built (npm run setup:native builds them with tfjs-node)' });
  const missing = missingX86_64V3Flags();
  if (missing.length > 0)
    return (state = { loaded: false, reason: `they need x86-64-v3, and this CPU lacks ${missing.join(', ')}` });
  try {
    require(path);
    const backend = tf.backend() as unknown as TensorFlowBackend;
    const probe = tf.tensor4d([3, 4], [1, 1, 1, 2]);
    const normed = backend.executeSingleOutput('GranularPixelNorm', [opAttrs(backend).float('epsilon', 0)], [probe]);
    const values = normed.dataSync();
    tf.dispose([probe, normed]);
    // 3 and 4 over sqrt(mean(9, 16)) = sqrt(12.5)
    if (Math.abs(values[0]! - 3 / Math.sqrt(12.5)) > 1e-6) throw new Error('its pixel norm gave a wrong value');
    return (state = { loaded: true, path });
  } catch (error) {
    return (state = { loaded: false, reason: `${path} did not load (${(error as Error).message.split('\n')[0]})` });
  }
}
