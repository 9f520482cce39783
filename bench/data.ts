// How fast the data path feeds training: images per second through mnist → normalize → pad →
// batches → pyramid (bench/pipelines/msg-data-only.yaml, one epoch, nothing consuming), against
// the rate at which MSG training consumes them on the current backend (64 images per D + G step).
// It also times resizing the 60,000 training images to 64 px (the 64-px pipelines' preprocessing).
//   npm run bench -- data [--backend auto]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadPipeline, runPipeline } from '@granular/core';
import { builtinCatalog, median, referenceFamily, timeSteps } from '@granular/cli';
import { selectBackend, type BackendRequest } from '@granular/ops';
import { loadMnist, resizeImages } from '@granular/data';

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
// The 64-px pipelines resize all 60,000 training images before their first step (counted as training time).
const train = loadMnist('train');
const resizeStarted = performance.now();
resizeImages(train, 64, 64);
const resizeSeconds = (performance.now() - resizeStarted) / 1000;
console.log(`resize      ${train.count.toLocaleString('en-US')} images 28 → 64 px in ${resizeSeconds.toFixed(1)} s`);
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(
  join(import.meta.dirname, 'results', 'data.json'),
  `${JSON.stringify({ date: new Date().toISOString(), backend, imagesPerSecond: steady, imagesPerSecondWithLoading: overall, trainingImagesPerSecond: consumption, msgStepMs: stepMs, resize64Seconds: resizeSeconds }, null, 2)}\n`,
);
