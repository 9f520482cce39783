import type * as tf from '@tensorflow/tfjs';
import { BACKENDS, Random, RunContext } from '@granular/core';
import { loadFashionMnist, loadMnist } from '@granular/data';
import { computeMetrics, datasetForClassifier, judgeDataset, judgeGenerator, loadClassifier, METRIC_NAMES, recordMetrics, type ClassifierName, type MetricName } from '@granular/evaluation';
import { selectBackend, type BackendRequest } from '@granular/ops';
import { loadWeightsInto } from '@granular/trainer';
import { defineCommand, UsageError } from '../command.ts';
import { locateGenerator } from '../run-files/trained-generator.ts';

export const evalCommand = defineCommand({
  name: 'eval',
  summary: "Evaluate a run's generator: FCD, KID, PRDC, modes, classifier score, SWD",
  usage: 'granular eval RUN_DIR [--checkpoint STEP] [--metrics fcd,kid,…] [--samples N] [--backend NAME]',
  help: `Loads the generator of a run's checkpoint (the newest by default; its moving average when the
run kept one), draws samples and compares them with the test split of the run's data through the
in-project classifier (FCD, KID, precision/recall/density/coverage, modes, classifier score) and
on pixels (sliced Wasserstein distance). Prints a table and adds the values to metrics.json.

  --checkpoint STEP  evaluate checkpoints/step-STEP instead of the newest
  --metrics LIST     a comma-separated subset of ${METRIC_NAMES.join(', ')}
  --samples N        generated samples (default 10000)
  --backend NAME     auto, node, wasm or cpu (default: the run's pipeline setting)

Example:
  granular eval runs/mnist-dcgan/20261127T170000Z-1a2b3c4d --metrics fcd,kid,modes --samples 2000`,
  options: { checkpoint: { type: 'string' }, metrics: { type: 'string' }, samples: { type: 'string', default: '10000' }, backend: { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('granular eval takes one run directory');
    const runDirectory = positionals[0]!;
    const metrics = (values.metrics?.split(',') ?? [...METRIC_NAMES]) as MetricName[];
    const unknown = metrics.filter((m) => !(METRIC_NAMES as readonly string[]).includes(m));
    if (unknown.length) throw new UsageError(`unknown metric ${unknown.join(', ')}; the metrics are ${METRIC_NAMES.join(', ')}`);
    const samples = Number(values.samples);
    if (!(Number.isInteger(samples) && samples >= 2)) throw new UsageError(`--samples must be a whole number of at least 2, not '${values.samples}'`);

    const trained = await locateGenerator(runDirectory, values.checkpoint);
    const { pipeline: loaded, name: generatorName, averaged } = trained;
    const entry = loaded.models.get(generatorName)!;
    if (values.backend !== undefined && !(BACKENDS as readonly string[]).includes(values.backend)) throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, not '${values.backend}'`);
    const backend = await selectBackend((values.backend ?? loaded.spec.backend) as BackendRequest);
    io.err(`backend: ${backend.name}\n`);
    const generator = entry.definition.create(entry.params as never, RunContext.standalone().forStage(`models.${generatorName}`)) as tf.LayersModel;
    loadWeightsInto(generator, trained.weights);

    const fashion = loaded.graph.nodes.some((node) => node.use === 'data/fashion-mnist');
    const classifierName: ClassifierName = fashion ? 'fashion-mnist' : 'mnist';
    const { embedding } = await loadClassifier(classifierName);
    const test = datasetForClassifier(fashion ? loadFashionMnist('test') : loadMnist('test'));
    io.err(`evaluating ${generatorName}${averaged ? ' (moving average)' : ''} of step ${trained.step} on ${samples} samples against ${test.name}\n`);
    const started = Date.now();
    const real = judgeDataset(embedding, test, samples);
    const fake = judgeGenerator(generator, embedding, samples, trained.range, Random.derive(loaded.spec.seed, 'eval:z'));
    const results = computeMetrics(real, fake, { metrics, seed: loaded.spec.seed, classes: embedding.outputs[1]!.shape.at(-1)!, log: (message) => io.err(`  ${message}\n`) });
    io.err(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const width = Math.max(...Object.keys(results).map((name) => name.length));
    io.out(`${'metric'.padEnd(width)}  value\n${Object.entries(results).map(([name, value]) => `${name.padEnd(width)}  ${value.toPrecision(5)}`).join('\n')}\n`);
    recordMetrics(runDirectory, trained.step, results);
    return 0;
  },
});
