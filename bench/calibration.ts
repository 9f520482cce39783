// The metrics of the test split against reference sets (the train split, blurred and noisy test
// images, one image repeated, uniform noise): the table in docs/evaluation.md. Then the train
// split as a perfect class-conditional generator: the floor of label_accuracy and of the FCD
// class by class (docs/quality.md reads the conditional runs against it).
//   npm run bench -- calibration [--samples 10000] [--data mnist|fashion-mnist]
import { parseArgs } from 'node:util';
import { loadFashionMnist, loadMnist } from '@granular/data';
import {
  CALIBRATION_SETS,
  calibrationSet,
  computeMetrics,
  datasetForMetrics,
  judgeDataset,
  loadClassifier,
  BUILTIN_METRICS,
  withDefaultParams,
} from '@granular/evaluation';
import { selectBackend } from '@granular/ops';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { samples: { type: 'string', default: '10000' }, data: { type: 'string', default: 'mnist' } },
});
const samples = Number(values.samples);
const fashion = values.data === 'fashion-mnist';
await selectBackend('auto');
const { embedding } = await loadClassifier(fashion ? 'fashion-mnist' : 'mnist');
const test = datasetForMetrics(fashion ? loadFashionMnist('test') : loadMnist('test'));
const train = datasetForMetrics(fashion ? loadFashionMnist('train') : loadMnist('train'));
const real = judgeDataset(embedding, test, samples);
const rows: [string, Record<string, number>][] = [];
for (const kind of CALIBRATION_SETS) {
  const started = Date.now();
  const fake = judgeDataset(embedding, calibrationSet(kind, test, train, samples, 1));
  const result = computeMetrics(real, fake, {
    metrics: withDefaultParams(BUILTIN_METRICS.filter((metric) => !metric.conditional)),
    seed: 1,
    classes: 10,
  });
  rows.push([kind, result]);
  console.log(`${kind}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
const names = Object.keys(rows[0]![1]);
console.log(`\n| set | ${names.join(' | ')} |\n|---|${names.map(() => '---').join('|')}|`);
for (const [kind, result] of rows)
  console.log(`| ${kind} | ${names.map((n) => result[n]!.toPrecision(3)).join(' | ')} |`);

// The train split with its own labels: what a perfect conditional G would score, class by class.
const conditional = computeMetrics(real, judgeDataset(embedding, train, samples), {
  metrics: withDefaultParams(BUILTIN_METRICS.filter((metric) => metric.conditional)).map((metric) =>
    metric.definition.name === 'fcd_per_class' ? { ...metric, params: { ...metric.params, each: true } } : metric,
  ),
  seed: 1,
  classes: 10,
});
console.log(
  `\ntrain split as a conditional generator: ${Object.entries(conditional)
    .map(([name, value]) => `${name} ${value.toPrecision(3)}`)
    .join(', ')}`,
);
