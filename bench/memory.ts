// Tensors and resident memory over a long MLP run (bench/pipelines/mlp-memory.yaml: mnist-mlp
// with its sample grids, D evaluations and checkpoints), sampled every 250 steps.
//   npm run bench -- memory [--steps 5000] [--backend auto]
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadPipeline, runPipeline } from '@granular/core';
import { builtinCatalog } from '@granular/cli';
import { selectBackend, type BackendRequest } from '@granular/ops';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { steps: { type: 'string', default: '5000' }, backend: { type: 'string', default: 'auto' } },
});
const STEPS = Number(values.steps);
const backend = (await selectBackend(values.backend as BackendRequest)).name;
const loaded = await loadPipeline(join(import.meta.dirname, 'pipelines', 'mlp-memory.yaml'), builtinCatalog(), {
  overrides: [`backend=${backend}`],
});
const samples: { step: number; tensors: number; rssMb: number }[] = [];
await runPipeline(loaded, {
  out: join(mkdtempSync(join(tmpdir(), 'granular-memory-')), 'run'),
  maxSteps: STEPS,
  onEvent: (event) => {
    if (event.name !== 'g_loss' || event.step % 250 !== 0) return;
    samples.push({ step: event.step, tensors: tf.memory().numTensors, rssMb: process.memoryUsage().rss / 2 ** 20 });
    console.log(
      `step ${String(event.step).padStart(5)}  tensors ${samples.at(-1)!.tensors}  RSS ${samples.at(-1)!.rssMb.toFixed(0)} MB`,
    );
  },
});
// From step 500 on: the first steps allocate the backend's pools, optimizer slots and caches.
const base = samples.find((s) => s.step === 500) ?? samples[0]!;
const last = samples.at(-1)!;
const tensorRange = [
  Math.min(...samples.filter((s) => s.step >= base.step).map((s) => s.tensors)),
  Math.max(...samples.filter((s) => s.step >= base.step).map((s) => s.tensors)),
];
console.log(
  `backend ${backend}: tensors ${tensorRange[0]}…${tensorRange[1]} from step ${base.step} to ${last.step}; RSS ${base.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB (${((last.rssMb / base.rssMb - 1) * 100).toFixed(1)}%; goal: under 5%)`,
);
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results', 'memory.json'),
  `${JSON.stringify({ date: new Date().toISOString(), backend, samples }, null, 2)}\n`,
);
