import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { OpAttr, TensorFlowBackend } from '../backend/tensorflow-backend.ts';
import { nativeKernelsRunHere } from '../../test/support/native-kernels.ts';
import { loadNativeKernels, nativeKernelsPath, nativeKernelsReady } from './load-native-kernels.ts';
import { missingX86_64V3Flags } from './cpu-flags.ts';

const native = await nativeKernelsRunHere();

describe("loading Granular's TensorFlow kernels", () => {
  /**
   * Runs a script in a fresh Node (this process has loaded the module already) and returns its
   * output. The script sits in this folder for a moment, so that it resolves packages as our code does.
   */
  function inFreshProcess(source: string, env: NodeJS.ProcessEnv = {}): string {
    const directory = mkdtempSync(join(import.meta.dirname, '.fresh-process-'));
    const script = join(directory, 'start.mts');
    writeFileSync(script, source);
    try {
      return execFileSync(process.execPath, ['--import', 'tsx', script], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, ...env },
      }).trim();
    } finally {
      rmSync(directory, { recursive: true });
    }
  }
  const selectNode = `import * as tf from '@tensorflow/tfjs';
import { selectBackend } from ${JSON.stringify(join(import.meta.dirname, '..', 'backend', 'select-backend.ts'))};
import { nativeKernelsState } from ${JSON.stringify(join(import.meta.dirname, 'load-native-kernels.ts'))};
await selectBackend('node');
`;

  it.skipIf(!native)('GRANULAR_NATIVE_KERNELS=0 keeps them out, and says so', () => {
    const out = inFreshProcess(`${selectNode}console.log(JSON.stringify(nativeKernelsState()));`, {
      GRANULAR_NATIVE_KERNELS: '0',
    });
    expect(JSON.parse(out.split('\n').at(-1)!)).toEqual({
      loaded: false,
      reason: 'switched off by GRANULAR_NATIVE_KERNELS=0',
    });
  });

  it.skipIf(!native)('lets the process exit after its helper threads have worked', () => {
    // A pixel norm large enough to be split across the cores; then the script returns and must end by itself.
    const out = inFreshProcess(
      `${selectNode}const { pixelNorm } = await import(${JSON.stringify(join(import.meta.dirname, '..', 'normalization', 'pixel-norm.ts'))});
const y = pixelNorm(tf.ones([64, 32, 32, 16]));
console.log([nativeKernelsState().loaded, y.dataSync()[0]].join(' '));`,
    );
    expect(out.split('\n').at(-1)).toBe('true 1');
  });

  it.skipIf(!native)('loads the module setup:native built, beside tfjs-node’s library, and reports it ready', () => {
    const state = loadNativeKernels();
    expect(state).toEqual({ loaded: true, path: nativeKernelsPath() });
    expect(nativeKernelsReady()).toBe(true);
  });

  it.skipIf(!native)('a refused call is a JavaScript error naming the op’s complaint, not a crash', () => {
    const backend = tf.backend() as unknown as TensorFlowBackend;
    const dy = tf.zeros([2, 3]);
    const x = tf.zeros([2, 4]);
    const epsilon = [{ name: 'epsilon', type: backend.binding.TF_ATTR_FLOAT, value: 1e-8 }];
    expect(() => backend.executeSingleOutput('GranularPixelNormGrad', epsilon, [dy, x])).toThrow(
      /dy and x differ in shape/,
    );
    const image = tf.zeros([1, 3, 3, 1]);
    const scale = [{ name: 'scale', type: backend.binding.TF_ATTR_FLOAT, value: 1 }];
    expect(() => backend.executeSingleOutput('GranularSumPool2x', scale, [image])).toThrow(/even heights and widths/);
    tf.dispose([dy, x, image]);
  });
});

describe.skipIf(!native)("Granular's TensorFlow ops on empty tensors", () => {
  it('give results of the right shape, not a crash', () => {
    const backend = tf.backend() as unknown as TensorFlowBackend;
    const float = (name: string, value: number) => [{ name, type: backend.binding.TF_ATTR_FLOAT, value }];
    const geometry = [{ name: 'geometry', type: backend.binding.TF_ATTR_INT, value: [3, 3, 2, 2, 0, 0, 0, 0, 0, 0] }];
    // [op, attributes, inputs, the shape it must give]: sums over nothing (the gradients of a bias
    // or a filter from no rows) are zeros of the parameter's shape; everything else is empty.
    const cases: [string, OpAttr[], tf.Tensor[], number[]][] = [
      ['GranularPixelNorm', float('epsilon', 1e-8), [tf.zeros([0, 4, 4, 3])], [0, 4, 4, 3]],
      ['GranularPixelNormGrad', float('epsilon', 1e-8), [tf.zeros([2, 0, 3]), tf.zeros([2, 0, 3])], [2, 0, 3]],
      ['GranularSumPool2x', float('scale', 1), [tf.zeros([1, 2, 2, 0])], [1, 1, 1, 0]],
      ['GranularRepeat2xScaled', float('scale', 1), [tf.zeros([1, 0, 2, 3])], [1, 0, 4, 3]],
      ['GranularBiasAdd', [], [tf.zeros([4, 0]), tf.zeros([0])], [4, 0]],
      ['GranularBiasAddGrad', [], [tf.zeros([0, 5])], [5]],
      ['GranularLeakyRelu', float('alpha', 0.2), [tf.zeros([0])], [0]],
      ['GranularPointwiseConv', [], [tf.zeros([0, 3, 3, 1]), tf.zeros([1, 1, 1, 4])], [0, 3, 3, 4]],
      ['GranularPointwiseConvBackpropFilter', [], [tf.zeros([0, 3, 3, 1]), tf.zeros([0, 3, 3, 4])], [1, 1, 1, 4]],
      ['GranularOneChannelConvBackpropInput', geometry, [tf.zeros([0, 0, 0, 4]), tf.zeros([3, 3, 1, 4])], [0, 0, 0, 1]],
    ];
    for (const [op, attrs, inputs, shape] of cases) {
      const result = backend.executeSingleOutput(op, attrs, inputs);
      expect([op, result.shape]).toEqual([op, shape]);
      expect(Array.from(result.dataSync()).every((v) => v === 0)).toBe(true);
      tf.dispose([...inputs, result]);
    }
  });
});

describe('the CPU level the kernels are built for', () => {
  it('names the x86-64-v3 flags a CPU lacks, and none when it has them all or they cannot be read', () => {
    const v3 = new Set(['fpu', 'sse4_2', 'avx', 'avx2', 'fma', 'bmi1', 'bmi2', 'f16c', 'movbe', 'abm']);
    expect(missingX86_64V3Flags(v3)).toEqual([]);
    expect(missingX86_64V3Flags(new Set(['fpu', 'sse4_2', 'avx', 'bmi1', 'movbe']))).toEqual([
      'avx2',
      'fma',
      'bmi2',
      'f16c',
      'abm',
    ]);
    expect(missingX86_64V3Flags(undefined)).toEqual([]);
  });
});
