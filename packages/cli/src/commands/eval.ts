import { join, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { BACKENDS, componentParameters, Random, RunContext, dataOrigin, stageOutput } from '@granular/core';
import { DATASET_PORT, type ImageDataset } from '@granular/data';
import {
  BUILTIN_METRICS,
  DEFAULT_METRICS,
  classifierFor,
  classifierMismatch,
  loadClassifier,
  needsClassifier,
  recordEvaluation,
  type ClassifierName,
  type MetricDefinition,
  evaluateGenerator,
  evaluationRecord,
  judgeReference,
  SUITE_SAMPLE_DEFAULTS,
} from '@granular/evaluation';
import { selectBackend, type BackendRequest } from '@granular/ops';
import { loadWeightsInto } from '@granular/models';
import { defineCommand, UsageError } from '../command.ts';
import { writeReport } from '../report/build-report.ts';
import { locateGenerator } from '../run-files/trained-generator.ts';

export const evalCommand = defineCommand({
  name: 'eval',
  usage:
    'granular eval RUN_DIR [--checkpoint STEP] [--data STAGE] [--metrics fcd,kid,…] [--samples N] [--backend NAME]',
  help: `Loads the generator of a run's checkpoint (the newest by default; its moving average when the
run kept one), draws samples and compares them with the real images of the run's own pipeline:
the data its eval/metrics stage compares with (or --data STAGE), computed from the pipeline
without training. Classifier metrics (FCD, KID, precision/recall/density/coverage, modes,
classifier score) use the in-project classifier trained on that data; for data no shipped
classifier knows (your own image folder) only the pixel metric (SWD) runs, and asking for the
others is an error. The evaluation is added to metrics.json with what it was computed on
(earlier ones are kept) and report.html is rebuilt.

  --checkpoint STEP  evaluate checkpoints/step-STEP instead of the newest
  --data STAGE       the pipeline stage whose images to compare with (default: eval/metrics' data)
  --metrics LIST     comma-separated metric names (${BUILTIN_METRICS.map((metric) => metric.name).join(', ')}, or a
                     plugin's); default: those the run's eval/metrics stage lists
  --samples N        generated samples, and at most as many real images (default 10000)
  --backend NAME     auto, node, wasm or cpu (default: the run's pipeline setting)

Example:
  granular eval runs/mnist-dcgan/20261127T170000Z-1a2b3c4d --metrics fcd,kid,modes --samples 2000`,
  options: {
    checkpoint: { type: 'string' },
    data: { type: 'string' },
    metrics: { type: 'string' },
    samples: { type: 'string', default: '10000' },
    backend: { type: 'string' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('granular eval takes one run directory');
    const runDirectory = positionals[0]!;
    const samples = Number(values.samples);
    if (!(Number.isInteger(samples) && samples >= 2))
      throw new UsageError(`--samples must be a whole number of at least 2, not '${values.samples}'`);
    if (values.backend !== undefined && !(BACKENDS as readonly string[]).includes(values.backend))
      throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, not '${values.backend}'`);

    const trained = await locateGenerator(runDirectory, values.checkpoint);
    const { pipeline: loaded, name: generatorName, averaged } = trained;
    const metricsStage = loaded.graph.nodes.find((node) => node.use === 'eval/metrics');
    // Metric names resolve through the run's catalog: its plugins' metrics are as good as the built-ins.
    const registered = loaded.catalog.metrics;
    const requested = values.metrics?.split(',').map((name) => name.trim());
    const unknown = (requested ?? []).filter((name) => !registered.has(name));
    if (unknown.length)
      throw new UsageError(`unknown metric ${unknown.join(', ')}; the metrics are ${registered.names().join(', ')}`);
    const listed = requested ?? (metricsStage?.params['metrics'] as string[] | undefined) ?? DEFAULT_METRICS;
    const definitions = listed.map((name) => registered.get(name) as MetricDefinition);
    const datasets = loaded.graph.nodes
      .filter((node) => node.definition.output.name === DATASET_PORT.name)
      .map((node) => node.id);
    const dataStage = values.data ?? (metricsStage?.params['data'] as string | undefined);
    if (dataStage === undefined)
      throw new UsageError(
        `the run's pipeline has no eval/metrics stage to say which images to compare with: name a stage that gives them, --data STAGE (its data stages: ${datasets.join(', ')})`,
      );
    if (!datasets.includes(dataStage))
      throw new UsageError(
        `--data ${dataStage}: the run's pipeline has no stage '${dataStage}' that gives images (its data stages: ${datasets.join(', ')})`,
      );

    // The classifier: the one the pipeline's own evaluation uses, else the one trained on this data.
    const origin = dataOrigin(loaded.graph, dataStage)!;
    const classifierName =
      (metricsStage?.params['classifier'] as ClassifierName | undefined) ?? classifierFor(origin.dataset);
    const mismatch = classifierName
      ? classifierMismatch(classifierName, origin)
      : {
          message: `no shipped classifier was trained on ${origin.use} images (stage '${origin.id}')`,
          hint: 'only the pixel metric applies: --metrics swd',
        };
    const wantsClassifier = requested ? definitions.filter(needsClassifier).map((metric) => metric.name) : [];
    if (mismatch && wantsClassifier.length)
      throw new UsageError(`${wantsClassifier.join(', ')} cannot be computed: ${mismatch.message}; ${mismatch.hint}`);
    const chosen = mismatch ? definitions.filter((metric) => !needsClassifier(metric)) : definitions;
    if (mismatch && !requested)
      io.err(`only ${chosen.map((metric) => metric.name).join(', ') || 'no metric'}: ${mismatch.message}\n`);
    const given = (metricsStage?.params['metric_params'] ?? {}) as Record<string, unknown>;
    const metrics = chosen.map((definition) => ({
      definition,
      params: componentParameters(definition, given[definition.name]).params,
    }));
    const classifier = mismatch ? null : classifierName!;

    const backend = await selectBackend((values.backend ?? loaded.spec.backend) as BackendRequest);
    io.err(`backend: ${backend.name}\n`);
    const entry = loaded.models.get(generatorName)!;
    const generator = entry.definition.create(
      entry.params as never,
      RunContext.standalone().forStage(`models.${generatorName}`),
    ) as tf.LayersModel;
    loadWeightsInto(generator, trained.weights);

    // Input folders in a run's pipeline.yaml are absolute: the data stage reads what the run read.
    const context = RunContext.standalone({ seed: loaded.spec.seed, baseDirectory: resolve(runDirectory) });
    const original = await stageOutput<ImageDataset>(loaded.graph, dataStage, context);
    const size = `${original.height}×${original.width}`;
    const embedding = classifier ? (await loadClassifier(classifier)).embedding : undefined;
    io.err(
      `evaluating ${generatorName}${averaged ? ' (moving average)' : ''} of step ${trained.step} on ${samples} samples against '${dataStage}' (${original.name}, ${size}${classifier ? `, ${classifier} classifier` : ''})\n`,
    );
    const started = Date.now();
    const reference = judgeReference(original, dataStage, embedding, samples);
    io.err(`  ${reference.real.images.count} real images judged: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const evaluation = {
      generator,
      samples,
      range: trained.range,
      random: Random.derive(loaded.spec.seed, 'eval:z'),
      suite: {
        metrics,
        seed: loaded.spec.seed,
        prdcSamples: (metricsStage?.params['prdc_samples'] as number | undefined) ?? SUITE_SAMPLE_DEFAULTS.prdcSamples,
        swdSamples: (metricsStage?.params['swd_samples'] as number | undefined) ?? SUITE_SAMPLE_DEFAULTS.swdSamples,
        log: (message: string) => io.err(`  ${message}\n`),
      },
    };
    const results = evaluateGenerator(reference, evaluation);
    io.err(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    const width = Math.max(...Object.keys(results).map((name) => name.length));
    io.out(
      `${'metric'.padEnd(width)}  value\n${Object.entries(results)
        .map(([name, value]) => `${name.padEnd(width)}  ${value.toPrecision(5)}`)
        .join('\n')}\n`,
    );
    const made = {
      step: trained.step,
      by: 'granular eval' as const,
      generator: generatorName,
      ema: averaged,
      checkpoint: trained.step,
      classifier,
    };
    recordEvaluation(runDirectory, evaluationRecord(reference, evaluation, made, results));
    await writeReport(runDirectory);
    io.err(`added to ${join(runDirectory, 'metrics.json')} (earlier evaluations kept); report.html rebuilt\n`);
    return 0;
  },
});
