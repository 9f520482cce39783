import type * as tf from '@tensorflow/tfjs';
import { Type } from '@sinclair/typebox';
import type { Observable } from 'rxjs';
import { componentParameters, defineStage, mapExclusive, registryRef, type StageProblem } from '@granular/core';
import type { ImageDataset } from '@granular/data';
import { modelOrEma, trainingExample } from '@granular/models';
import { CLASSIFIER_NAMES, loadClassifier } from '../classifiers/shipped-classifiers.ts';
import { evaluateGenerator, evaluationRecord, judgeReference, type Reference } from '../suite/evaluate-generator.ts';
import { classifierMismatch } from '../suite/classifier-fit.ts';
import { SUITE_SAMPLE_DEFAULTS, type SuiteOptions } from '../suite/metric-suite.ts';
import { needsClassifier, type MetricDefinition } from '../metrics/define-metric.ts';
import { DEFAULT_METRICS } from '../metrics/registered/builtin-metrics.ts';
import { recordEvaluation } from '../suite/metrics-file.ts';
import { METRICS_PORT, TRAINED_STEP_PORT } from './metrics-port.ts';

export const metricParams = {
  classifier: Type.Union(
    CLASSIFIER_NAMES.map((name) => Type.Literal(name)),
    { default: 'mnist', description: 'the in-project classifier whose features are compared' },
  ),
  samples: Type.Integer({
    minimum: 2,
    maximum: 1000000,
    default: 10000,
    description: 'generated samples (and at most as many real test images)',
  }),
  metrics: Type.Array(registryRef('metric'), {
    default: DEFAULT_METRICS,
    description: 'which metrics, by registered name (plugins may add some)',
  }),
  metric_params: Type.Object(
    {},
    {
      additionalProperties: true,
      default: {},
      description: "each metric's own parameters, by its name: { prdc: { k: 3 } }",
    },
  ),
  range: Type.Tuple([Type.Number(), Type.Number()], { default: [-1, 1], description: 'the value range of G’s output' }),
  time_limit: Type.Number({
    exclusiveMinimum: 0,
    default: 600,
    description: 'seconds after which no further metric starts',
  }),
  prdc_samples: Type.Integer({
    minimum: 10,
    maximum: 50000,
    default: SUITE_SAMPLE_DEFAULTS.prdcSamples,
    description: 'samples per set for precision/recall/density/coverage (quadratic cost)',
  }),
  swd_samples: Type.Integer({
    minimum: 2,
    maximum: 100000,
    default: SUITE_SAMPLE_DEFAULTS.swdSamples,
    description: 'images per set for the sliced Wasserstein distance',
  }),
};

/**
 * The evaluation suite, every N steps and at the end: M samples of G (its EMA when there is
 * one) against the test split, through the in-project classifier (FCD, KID, precision/recall/
 * density/coverage, modes, classifier score) and on pixels (SWD). Results go to events.jsonl
 * and metrics.json.
 */
export const metrics = defineStage({
  name: 'eval/metrics',
  summary: "Evaluates G's samples against the test split: FCD, KID, PRDC, modes, classifier score, SWD",
  params: Type.Object(
    {
      generator: registryRef('model', { default: 'G', description: 'the generator' }),
      ema: Type.Boolean({ default: true, description: 'use the moving average of G when a train/ema stage keeps one' }),
      data: registryRef('stage', { port: 'Dataset', description: 'the stage that gives the test data set' }),
      ...metricParams,
    },
    { additionalProperties: false },
  ),
  input: TRAINED_STEP_PORT,
  output: METRICS_PORT,
  validate: (params, pipeline) => {
    const problems: StageProblem[] = [];
    // Unknown names are answered by the reference check, with a did-you-mean.
    const listed = params.metrics.flatMap((name) => pipeline.lookup<MetricDefinition>('metric', name) ?? []);
    for (const [name, given] of Object.entries(params.metric_params)) {
      const metric = listed.find((definition) => definition.name === name);
      if (!metric)
        problems.push({
          path: ['metric_params', name],
          message: `parameters for '${name}', which metrics: does not list`,
          hint: `list it under metrics:, or remove its parameters (listed: ${params.metrics.join(', ')})`,
        });
      else
        for (const problem of componentParameters(metric, given).problems)
          problems.push({
            path: ['metric_params', name],
            message: `${name}: ${problem}`,
            hint: `see the parameters of '${name}' in docs/metrics.md`,
          });
    }
    // Class-by-class metrics need a G built with classes: (a built-in model's parameter).
    const generator = pipeline.models.get(params.generator);
    const conditionalMetrics = listed.filter((metric) => metric.conditional).map((metric) => metric.name);
    if (generator && conditionalMetrics.length && (generator.params as { classes?: number }).classes === undefined)
      problems.push({
        path: ['metrics'],
        message: `${conditionalMetrics.join(', ')} compare class by class, but model '${params.generator}' (${generator.definition.name}) is not class-conditional`,
        hint: `give '${params.generator}' and the discriminator classes:, or remove ${conditionalMetrics.join(', ')}`,
      });
    const origin = pipeline.origin(params.data);
    const classifierMetrics = listed.filter(needsClassifier).map((metric) => metric.name);
    const mismatch = origin && classifierMetrics.length ? classifierMismatch(params.classifier, origin) : undefined;
    if (mismatch)
      problems.push({
        path: ['metrics'],
        message: `${classifierMetrics.join(', ')} cannot be computed: ${mismatch.message}`,
        hint: mismatch.hint,
      });
    return problems;
  },
  example: trainingExample(`
test:        { use: data/mnist, with: { split: test, limit: 500 } }
d:           { use: train/d-step, from: batches }
g:           { use: train/g-step, from: d }
scores:      { use: eval/metrics, from: g, every: 4, with: { data: test, samples: 500, metrics: [fcd, modes] } }
sink:        { use: toy/record, from: scores }`),
  create: (params, context) => {
    let reference: Reference | undefined;
    const chosen: SuiteOptions['metrics'] = params.metrics.map((name) => {
      const definition = context.lookup<MetricDefinition>('metric', name);
      return {
        definition,
        params: componentParameters(definition, (params.metric_params as Record<string, unknown>)[name]).params,
      };
    });
    let lastSeconds: number | undefined;
    return (input: Observable<{ step: number }>) =>
      input.pipe(
        mapExclusive(context, async (report) => {
          if (!reference) {
            const { embedding } = await loadClassifier(params.classifier);
            reference = judgeReference(
              await context.sideInput<ImageDataset>(params.data),
              params.data,
              embedding,
              params.samples,
            );
          }
          const started = Date.now();
          // Evaluations hold the run still for a while: say so, with how long the last one took.
          context.log(
            `evaluating at step ${report.step}: ${params.samples} samples against ${reference.real.images.count} images of '${params.data}'${lastSeconds !== undefined ? `, about ${Math.round(lastSeconds)} s as the last time` : ''}`,
          );
          const generator = modelOrEma(context, params.generator, params.ema);
          const evaluation = {
            generator,
            samples: params.samples,
            range: params.range,
            random: context.random(`step:${report.step}`),
            suite: {
              metrics: chosen,
              seed: context.run.seed,
              prdcSamples: params.prdc_samples,
              swdSamples: params.swd_samples,
              timeLimit: params.time_limit,
              log: (message: string) => context.log(message),
            },
          };
          const values = evaluateGenerator(reference, evaluation);
          lastSeconds = (Date.now() - started) / 1000;
          context.log(`metrics at step ${report.step} in ${lastSeconds.toFixed(1)} s`);
          for (const [name, value] of Object.entries(values)) context.emit(name, value);
          if (context.run.directory) {
            const averaged = generator !== context.model(params.generator);
            const made = {
              step: report.step,
              by: 'training' as const,
              generator: params.generator,
              ema: averaged,
              classifier: params.classifier,
            };
            recordEvaluation(context.run.directory, evaluationRecord(reference, evaluation, made, values));
          }
          return { step: report.step, values };
        }),
      );
  },
});
