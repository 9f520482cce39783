// `npm run classifiers -- RUN_DIR NAME`: copies the classifier of a finished classifier run
// (its newest checkpoint, its manifest and its test accuracy) into
// packages/evaluation/classifiers/NAME/, where evaluation loads it without retraining.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleLayout, latestGoodBundle } from '@granular/trainer';
import { CLASSIFIER_NAMES, CLASSIFIERS_DIRECTORY } from '@granular/evaluation';

const [runDirectory, name] = process.argv.slice(2);
if (!runDirectory || !name || !(CLASSIFIER_NAMES as readonly string[]).includes(name)) {
  console.error(`usage: npm run classifiers -- RUN_DIR ${CLASSIFIER_NAMES.join('|')}`);
  process.exit(2);
}
const bundle = latestGoodBundle(runDirectory);
if (!bundle) {
  console.error(`${runDirectory} has no complete checkpoint`);
  process.exit(1);
}
const target = join(CLASSIFIERS_DIRECTORY, name);
mkdirSync(target, { recursive: true });
for (const file of ['model.json', 'weights.bin'])
  copyFileSync(join(bundleLayout.model(bundle.directory, 'C'), file), join(target, file));
for (const file of ['manifest.json', 'metrics.json', 'pipeline.yaml'])
  copyFileSync(join(runDirectory, file), join(target, file));
const metrics = JSON.parse(readFileSync(join(target, 'metrics.json'), 'utf8')) as {
  step: number;
  values: { test_accuracy: number };
};
console.log(
  `adopted the ${name} classifier of step ${bundle.state.step}: test accuracy ${(100 * metrics.values.test_accuracy).toFixed(2)}%`,
);
