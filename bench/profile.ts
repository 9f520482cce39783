// Where a training step's time goes: tf.profile around D + G steps of a reference model
// (through the stages, as bench/step-time.ts times them), kernel times summed by kernel name,
// against the step's wall time. The gap between the two is JavaScript: op dispatch, tape
// bookkeeping, tensor allocation.
//   npm run bench -- profile [--model dcgan | --pipeline FILE [--set k=v]...] [--backend auto] [--steps 5] [--detail Tile,Sum]
// --detail lists the named kernels' calls grouped by input and output shapes.
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { loadPipeline } from '@granular/core';
import { builtinCatalog, pipelineFamily, referenceFamily, timeSteps } from '@granular/cli';
import { selectBackend, type BackendRequest } from '@granular/ops';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    model: { type: 'string', default: 'dcgan' },
    pipeline: { type: 'string' },
    set: { type: 'string', multiple: true, default: [] },
    backend: { type: 'string', default: 'auto' },
    steps: { type: 'string', default: '5' },
    detail: { type: 'string', default: '' },
  },
});
const backend = (await selectBackend(values.backend as BackendRequest)).name;
const family = values.pipeline
  ? pipelineFamily(await loadPipeline(values.pipeline, builtinCatalog(), { overrides: values.set! }))
  : await referenceFamily(values.model!);
const steps = Number(values.steps);

await timeSteps(family, 64, 2, 0); // warm-up: kernels compiled, pools allocated
let wall = 0;
const info = await tf.profile(async () => {
  const started = performance.now();
  await timeSteps(family, 64, steps, 0);
  wall = performance.now() - started;
});
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const kernel of info.kernels) {
  const entry = byKernel.get(kernel.name) ?? { ms: 0, calls: 0 };
  entry.ms += typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
  entry.calls += 1;
  byKernel.set(kernel.name, entry);
}
const kernelTotal = [...byKernel.values()].reduce((sum, entry) => sum + entry.ms, 0);
console.log(
  `${family.name} on ${backend}, batch 64, ${steps} steps (D + G) under tf.profile: ${(wall / steps).toFixed(0)} ms per step, of which kernels ${(kernelTotal / steps).toFixed(0)} ms (${info.kernels.length / steps} kernel calls per step)`,
);
console.log('\n| kernel | ms per step | share of kernel time | calls per step |\n|---|---|---|---|');
for (const [name, entry] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
  console.log(
    `| ${name} | ${(entry.ms / steps).toFixed(1)} | ${((100 * entry.ms) / kernelTotal).toFixed(1)} % | ${(entry.calls / steps).toFixed(0)} |`,
  );
}
console.log(
  `\nnot in kernels (JavaScript, dispatch, tape, profiling itself): ${((wall - kernelTotal) / steps).toFixed(0)} ms per step`,
);

for (const name of values.detail.split(',').filter(Boolean)) {
  const byShapes = new Map<string, { ms: number; calls: number }>();
  for (const kernel of info.kernels.filter((k) => k.name === name)) {
    const key = `${kernel.inputShapes.map((shape) => `[${shape?.join(',') ?? ''}]`).join(' ')} → ${kernel.outputShapes.map((shape) => `[${shape?.join(',') ?? ''}]`).join(' ')}`;
    const entry = byShapes.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    entry.calls += 1;
    byShapes.set(key, entry);
  }
  console.log(`\n${name} by shapes\n\n| inputs → outputs | ms per step | calls per step |\n|---|---|---|`);
  for (const [key, entry] of [...byShapes].sort((a, b) => b[1].ms - a[1].ms))
    console.log(`| ${key} | ${(entry.ms / steps).toFixed(1)} | ${(entry.calls / steps).toFixed(1)} |`);
}
