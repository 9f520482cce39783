// Times one training step (a D step and a G step, through the train/d-step and train/g-step
// stages themselves) for each model family, batch size and available backend. Prints a table
// and writes bench/results/step-time.json.
//   npm run bench -- step-time [--backends wasm,cpu] [--steps 10]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, parameterCount, referenceFamily, REFERENCE_FAMILIES, stepFlops, timeSteps } from '@granular/cli';
import { selectBackend, type BackendName } from '@granular/ops';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    backends: { type: 'string', default: 'node,wasm,cpu' },
    steps: { type: 'string', default: '10' },
    models: { type: 'string', default: REFERENCE_FAMILIES.join(',') },
    batches: { type: 'string', default: '64,128' },
  },
});
const rows: {
  backend: BackendName;
  model: string;
  batch: number;
  medianMs: number;
  steps: number;
  parameters: number;
  gflops: number;
}[] = [];

for (const backend of values.backends!.split(',') as BackendName[]) {
  try {
    await selectBackend(backend);
  } catch {
    console.log(`${backend}: not available here, skipped`);
    continue;
  }
  for (const name of values.models!.split(',')) {
    // Each model as its shipped pipeline defines it (packages/cli/src/doctor/reference-families.ts).
    const family = await referenceFamily(name);
    for (const batch of values.batches!.split(',').map(Number)) {
      // The cpu backend takes tens of seconds per conv step: fewer samples there.
      const steps = backend === 'cpu' && family.name !== 'mlp' ? 3 : Number(values.steps);
      const times = await timeSteps(family, batch, steps, backend === 'cpu' && family.name !== 'mlp' ? 1 : 2);
      const parameters = parameterCount(family);
      // FLOPs counted from the layer shapes (stepFlops): what the step's multiply-adds achieve per second.
      const gflops = stepFlops(family, batch) / 1e9 / (median(times) / 1000);
      rows.push({ backend, model: family.name, batch, medianMs: median(times), steps, parameters, gflops });
      console.log(
        `${backend.padEnd(5)} ${family.name.padEnd(7)} batch ${String(batch).padStart(3)}  ${median(times).toFixed(0).padStart(7)} ms/step  ${gflops.toFixed(1).padStart(6)} GFLOP/s  (median of ${steps}; G + D ${parameters.toLocaleString('en-US')} parameters)`,
      );
    }
  }
}
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results', 'step-time.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
);
console.log(
  '\n| backend | model | G + D parameters | batch | ms per step (D + G) | GFLOP/s |\n|---|---|---|---|---|---|',
);
for (const row of rows)
  console.log(
    `| ${row.backend} | ${row.model} | ${row.parameters.toLocaleString('en-US')} | ${row.batch} | ${row.medianMs.toFixed(0)} | ${row.gflops.toFixed(1)} |`,
  );
