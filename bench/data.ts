// How fast the data path feeds training: images per second through mnist → normalize → pad →
// batches → pyramid (bench/pipelines/msg-data-only.yaml, one epoch, nothing consuming), against
// the rate at which MSG training consumes them on the current backend (64 images per D + G step).
//   npm run bench -- data [--backend auto]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPipeline, runPipeline } from '@granular/core';
import { builtinCatalog, median, referenceFamily, timeSteps } from '@granular/cli';
import { selectBackend, type BackendRequest } from '@granular/ops';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { backend: { type: 'string', default: 'auto' } },
});
const backend = (await selectBackend(values.backend as BackendRequest)).name;
const BATCH = 64;

const loaded = await loadPipeline(join(import.meta.dirname, 'pipelines', 'msg-data-only.yaml'), builtinCatalog(), {
  overrides: [`backend=${backend}`],
});
const started = performance.now();
let firstBatch = 0;
const result = await runPipeline(loaded, {
  onEvent: (event) => event.name === 'total_steps' && (firstBatch = performance.now()),
});
const ended = performance.now();
const images = result.steps * BATCH;
const steady = images / ((ended - firstBatch) / 1000);
const overall = images / ((ended - started) / 1000);

const stepMs = median(await timeSteps(await referenceFamily('msg'), BATCH, 5, 2));
const consumption = BATCH / (stepMs / 1000);
console.log(
  `backend ${backend}: ${result.steps} batches of ${BATCH} (one epoch) through mnist → normalize → pad → batches → pyramid`,
);
console.log(
  `data path   ${Math.round(steady).toLocaleString('en-US')} images/s once loaded (${Math.round(overall).toLocaleString('en-US')} images/s including loading MNIST)`,
);
console.log(
  `training    ${Math.round(consumption).toLocaleString('en-US')} images/s (MSG D + G step at batch ${BATCH}: ${stepMs.toFixed(0)} ms)`,
);
console.log(`ratio ${(steady / consumption).toFixed(0)}× (goal: at least 20×)`);
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results', 'data.json'),
  `${JSON.stringify({ date: new Date().toISOString(), backend, imagesPerSecond: steady, imagesPerSecondWithLoading: overall, trainingImagesPerSecond: consumption, msgStepMs: stepMs }, null, 2)}\n`,
);
