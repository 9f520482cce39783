// How close tfjs-wasm's convolutions run to what WebAssembly can compute on this CPU: the
// arithmetic peak of 128-bit wasm SIMD (independent multiply-then-add chains, nothing loaded),
// on one thread and on every core, against XNNPACK's rate on the wasm DCGAN step's main
// convolution (5×5, stride 2, [64,14,14,64] → [64,7,7,128]) forward and both gradients, as the
// step runs them. Node 20's V8 has no fused multiply-add for wasm by default (relaxed SIMD is
// behind --experimental-wasm-relaxed-simd), so a multiply-add costs two instructions; the
// peak with relaxed SIMD's f32x4.relaxed_madd is printed too when this Node accepts it.
//   npm run bench -- wasm-ceiling
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { selectBackend, wasmThreadCount } from '@granular/ops';

const ACCUMULATORS = 12; // independent chains: enough to cover the multiply and add latencies
const FLOPS_PER_ITERATION = ACCUMULATORS * 4 * 2;

/** Unsigned LEB128, as wasm encodes sizes, counts and SIMD opcodes. */
function leb(n: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (n !== 0);
  return bytes;
}

const simd = (opcode: number) => [0xfd, ...leb(opcode)];
const splat = (value: number) => [0x43, ...new Uint8Array(new Float32Array([value]).buffer), ...simd(0x13)];
const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

/**
 * A module exporting `peak(n: i32) → f32`: n rounds of a_k = a_k·m + c over 12 f32x4
 * accumulators (locals 3…14; m is local 1, c local 2), returning a lane of their sum so nothing is
 * dead code. With `fused`, each round is one relaxed_madd instead of a mul and an add.
 */
function peakModule(fused: boolean): Uint8Array {
  const local = { get: (i: number) => [0x20, i], set: (i: number) => [0x21, i] };
  const body: number[] = [0x01, ACCUMULATORS + 2, 0x7b]; // locals: 14 × v128
  body.push(...splat(0.999999), ...local.set(1), ...splat(1e-6), ...local.set(2));
  for (let k = 0; k < ACCUMULATORS; k++) body.push(...splat(0.5 + k / 100), ...local.set(3 + k));
  body.push(0x03, 0x40); // loop
  for (let k = 0; k < ACCUMULATORS; k++) {
    const a = 3 + k;
    if (fused) body.push(...local.get(a), ...local.get(1), ...local.get(2), ...simd(0x105), ...local.set(a));
    else body.push(...local.get(a), ...local.get(1), ...simd(0xe6), ...local.get(2), ...simd(0xe4), ...local.set(a));
  }
  // n -= 1; continue while n ≠ 0
  body.push(...local.get(0), 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b);
  body.push(...local.get(3));
  for (let k = 1; k < ACCUMULATORS; k++) body.push(...local.get(3 + k), ...simd(0xe4));
  body.push(...simd(0x1f), 0x00, 0x0b); // f32x4.extract_lane 0, end
  const name = [...'peak'].map((c) => c.charCodeAt(0));
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x01, 0x7f, 0x01, 0x7d]), // (i32) → f32
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, name.length, ...name, 0x00, 0x00]),
    ...section(10, [0x01, ...leb(body.length), ...body]),
  ]);
}

// Runs in each worker: warm up until V8 has optimized the function (wasm does not tier up
// inside a running loop), say so, wait for the start, then time `rounds` calls and report GFLOP/s.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { peak } = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes)).exports;
for (let i = 0; i < 2000; i++) peak(1000);
const flag = new Int32Array(workerData.start);
parentPort.postMessage('ready');
Atomics.wait(flag, 0, 0);
const started = performance.now();
for (let i = 0; i < workerData.rounds; i++) peak(workerData.iterations);
const seconds = (performance.now() - started) / 1000;
parentPort.postMessage(workerData.rounds * workerData.iterations * ${FLOPS_PER_ITERATION} / seconds / 1e9);
`;

async function peakGflops(bytes: Uint8Array, threads: number): Promise<number> {
  const start = new SharedArrayBuffer(4);
  const workers = Array.from(
    { length: threads },
    () =>
      new Worker(workerSource, {
        eval: true,
        workerData: { bytes, start, rounds: 20, iterations: 2_000_000 },
      }),
  );
  // Each worker says 'ready' once warmed up, then its rate: all start together, so the rates add up.
  const nextMessage = (worker: Worker) =>
    new Promise<unknown>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await Promise.all(workers.map(nextMessage));
  const rates = workers.map((worker) => nextMessage(worker) as Promise<number>);
  Atomics.store(new Int32Array(start), 0, 1);
  Atomics.notify(new Int32Array(start), 0);
  const each = await Promise.all(rates);
  await Promise.all(workers.map((worker) => worker.terminate()));
  return each.reduce((sum, rate) => sum + rate, 0);
}

if (process.argv[2] === '--fused-peak') {
  // Child mode, started with --experimental-wasm-relaxed-simd: print the fused peak on every core.
  console.log(String(await peakGflops(peakModule(true), Number(process.argv[3]))));
  process.exit(0);
}

const cores = availableParallelism();
const plain1 = await peakGflops(peakModule(false), 1);
const plainAll = await peakGflops(peakModule(false), cores);
let fusedAll: number | undefined;
try {
  fusedAll = Number(
    execFileSync(
      process.execPath,
      ['--experimental-wasm-relaxed-simd', '--import', 'tsx', import.meta.filename, '--fused-peak', String(cores)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim(),
  );
} catch {
  fusedAll = undefined; // this Node has no relaxed SIMD even behind the flag
}

await selectBackend('wasm');
const x = tf.randomNormal([64, 14, 14, 64]) as tf.Tensor4D;
const filter = tf.randomNormal([5, 5, 64, 128]) as tf.Tensor4D;
const dy = tf.randomNormal([64, 7, 7, 128]) as tf.Tensor4D;
const convolutionFlops = 2 * dy.size * 5 * 5 * 64;
const geometry = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC' };
const cases: [string, () => tf.Tensor][] = [
  ['forward (Conv2D)', () => tf.conv2d(x, filter, 2, 'same')],
  ['input gradient (Conv2DBackpropInput)', () => tf.conv2dTranspose(dy, filter, x.shape, 2, 'same')],
  [
    'filter gradient (Conv2DBackpropFilter)',
    () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...geometry, filterShape: filter.shape }) as tf.Tensor,
  ],
];

console.log(
  `wasm SIMD arithmetic peak (128-bit multiply then add, ${ACCUMULATORS} chains, nothing loaded): ${plain1.toFixed(1)} GFLOP/s on 1 thread, ${plainAll.toFixed(1)} on ${cores}`,
);
console.log(
  fusedAll === undefined
    ? 'with relaxed SIMD (fused multiply-add): this Node does not run it'
    : `with relaxed SIMD's fused multiply-add (needs --experimental-wasm-relaxed-simd in Node 20): ${fusedAll.toFixed(1)} GFLOP/s on ${cores}`,
);
console.log(
  `\nXNNPACK through tfjs-wasm on ${await wasmThreadCount()} threads, 5×5 stride 2 [64,14,14,64] → [64,7,7,128] (${(convolutionFlops / 1e9).toFixed(2)} GFLOP), median of 9 calls:\n`,
);
console.log('| convolution | ms | GFLOP/s | share of the plain peak |\n|---|---|---|---|');
for (const [label, run] of cases) {
  for (let i = 0; i < 2; i++) run().dispose();
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const started = performance.now();
    const y = run();
    y.dataSync();
    times.push(performance.now() - started);
    y.dispose();
  }
  const ms = times.sort((a, b) => a - b)[4]!;
  const rate = convolutionFlops / ms / 1e6;
  console.log(`| ${label} | ${ms.toFixed(1)} | ${rate.toFixed(1)} | ${((100 * rate) / plainAll).toFixed(0)} % |`);
}
tf.dispose([x, filter, dy]);
