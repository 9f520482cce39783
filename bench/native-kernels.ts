// Granular's TensorFlow kernels (packages/ops/native) call by call: ms for each operation on the
// models' own shapes at batch 64, with the kernels (ours) and without them (TensorFlow's ops or
// the composed forms: GRANULAR_NATIVE_KERNELS=0), each side in its own process, the two
// interleaved --rounds times, median of --calls calls after 5 warm-up calls. A case that
// differentiates times the forward and the gradient together, as a training step runs them.
// The dense layers' MatMul needs no build: it is timed against tf.matMul in one process. The
// fused convolution with bias and leaky ReLU (one TensorFlow call) follows the same switch.
//   npm run bench -- native-kernels [--calls 30] [--rounds 3]
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { median } from '@granular/cli';
import {
  biasAdd,
  convBiasLeaky,
  halve,
  matrixProduct,
  nativeKernelsState,
  pixelNorm,
  repeat2x,
  selectBackend,
} from '@granular/ops';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    calls: { type: 'string', default: '30' },
    rounds: { type: 'string', default: '3' },
    // Internal: time every case in this process and print {"case": ms, ...}.
    worker: { type: 'boolean', default: false },
  },
});
const CALLS = Number(values.calls);

const normal = (shape: number[]) => tf.randomNormal(shape, 0, 1, 'float32', 1);
const withGradient = (f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor) => () => tf.grad(f)(x);
const convolveWithGradients = (x: tf.Tensor4D, w: tf.Tensor4D) => () =>
  tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'))([x, w]);

/** name → the call to time, on inputs made once. */
function cases(): [string, () => tf.Tensor | tf.Tensor[]][] {
  const g32 = normal([64, 32, 32, 16]);
  const g4 = normal([64, 4, 4, 144]);
  const d32 = normal([64, 32, 32, 32]);
  const d16 = normal([64, 16, 16, 32]);
  const bias = normal([16]);
  const features = normal([64, 14, 14, 64]) as tf.Tensor4D;
  const toImage = normal([5, 5, 1, 64]) as tf.Tensor4D;
  const image4 = normal([64, 4, 4, 1]) as tf.Tensor4D;
  const project = normal([1, 1, 1, 72]) as tf.Tensor4D;
  const rgb = normal([1, 1, 16, 1]) as tf.Tensor4D;
  const conv16 = normal([3, 3, 16, 16]) as tf.Tensor4D;
  const conv80 = normal([3, 3, 80, 80]) as tf.Tensor4D;
  const g8 = normal([64, 8, 8, 80]) as tf.Tensor4D;
  const convLeaky = (x: tf.Tensor4D, w: tf.Tensor4D) => {
    const b = normal([w.shape[3]]) as tf.Tensor1D;
    return () => convBiasLeaky(x, w, b, { strides: [1, 1], pad: 'same', alpha: 0.2 });
  };
  return [
    ['pixel norm [64,32,32,16]', () => pixelNorm(g32)],
    ['pixel norm [64,4,4,144]', () => pixelNorm(g4)],
    ['pixel norm + gradient [64,32,32,16]', withGradient((x) => pixelNorm(x), g32)],
    ['halve + gradient [64,32,32,32]', withGradient((x) => halve(x as tf.Tensor4D), d32)],
    ['repeat2x + gradient [64,16,16,32]', withGradient((x) => repeat2x(x as tf.Tensor4D), d16)],
    ['bias add + gradients [64,32,32,16]', () => tf.grads((x: tf.Tensor, b: tf.Tensor) => biasAdd(x, b))([g32, bias])],
    ['leaky ReLU + gradient [64,32,32,16]', withGradient((x) => tf.leakyRelu(x, 0.2), g32)],
    [
      'transposed conv 5×5/2 [64,14,14,64] → [64,28,28,1]',
      () => tf.conv2dTranspose(features, toImage, [64, 28, 28, 1], 2, 'same'),
    ],
    ['1×1 conv + gradients [64,4,4,1] → 72', convolveWithGradients(image4, project)],
    ['1×1 conv + gradients [64,32,32,16] → 1', convolveWithGradients(g32 as tf.Tensor4D, rgb)],
    ['3×3 conv + bias + leaky ReLU [64,32,32,16] → 16', convLeaky(g32 as tf.Tensor4D, conv16)],
    ['3×3 conv + bias + leaky ReLU [64,8,8,80] → 80', convLeaky(g8, conv80)],
  ];
}

function timeCall(call: () => tf.Tensor | tf.Tensor[]): number {
  const times: number[] = [];
  for (let i = 0; i < CALLS + 5; i++) {
    const started = performance.now();
    // tfjs-node runs each TensorFlow op to completion before the call returns: no read-back needed
    // (one would copy every output into JavaScript and time that copy instead).
    const out = call();
    if (i >= 5) times.push(performance.now() - started);
    tf.dispose(out);
  }
  return median(times);
}

if (values.worker) {
  await selectBackend('node');
  const timed = Object.fromEntries(cases().map(([name, call]) => [name, timeCall(call)]));
  console.log(JSON.stringify({ native: nativeKernelsState().loaded, timed }));
  process.exit(0);
}

await selectBackend('node');
if (!nativeKernelsState().loaded) {
  const state = nativeKernelsState();
  console.error(`bench native-kernels: the kernels do not run here (${state.loaded ? '' : state.reason})`);
  process.exit(1);
}

function worker(native: boolean): Record<string, number> {
  const result = spawnSync(
    process.execPath,
    [...process.execArgv, process.argv[1]!, '--worker', '--calls', String(CALLS)],
    {
      encoding: 'utf8',
      env: { ...process.env, GRANULAR_NATIVE_KERNELS: native ? '1' : '0' },
    },
  );
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`worker failed:\n${result.stderr}`);
  const parsed = JSON.parse(line) as { native: boolean; timed: Record<string, number> };
  if (parsed.native !== native) throw new Error(`worker ran with kernels ${parsed.native}, wanted ${native}`);
  return parsed.timed;
}

const rounds: { ours: Record<string, number>; theirs: Record<string, number> }[] = [];
for (let round = 0; round < Number(values.rounds); round++) rounds.push({ theirs: worker(false), ours: worker(true) });

console.log(
  `Granular's TensorFlow kernels against TensorFlow's ops, ms per call (median of ${CALLS}; rounds: ${rounds.length})\n`,
);
console.log('| operation | TensorFlow | ours | ratio |');
console.log('|---|---|---|---|');
for (const name of Object.keys(rounds[0]!.ours)) {
  const theirs = rounds.map((r) => r.theirs[name]!);
  const ours = rounds.map((r) => r.ours[name]!);
  const ratio = median(ours) / median(theirs);
  const list = (v: number[]) => v.map((x) => x.toFixed(2)).join(', ');
  console.log(`| ${name} | ${list(theirs)} | ${list(ours)} | ${ratio.toFixed(2)} |`);
}

// The dense layers' product: TensorFlow's MatMul (no build needed) against tfjs's batched product.
const a = normal([64, 1024]);
const b = normal([1024, 784]);
const theirs = timeCall(() => tf.matMul(a, b));
const ours = timeCall(() => matrixProduct(a, b));
console.log(
  `| dense product [64,1024] · [1024,784] (MatMul against tf.matMul) | ${theirs.toFixed(2)} | ${ours.toFixed(2)} | ${(ours / theirs).toFixed(2)} |`,
);
