import type * as tf from '@tensorflow/tfjs';
import type { Random } from '@granular/core';
import type { ImageDataset } from '@granular/data';
import { datasetForMetrics } from './classifier-input.ts';
import type { EvaluationRecord, ReferenceData } from './evaluation-record.ts';
import { judgeGenerator } from './generated-samples.ts';
import { computeMetrics, judgeDataset, SUITE_SAMPLE_DEFAULTS, type Judged, type SuiteOptions } from './metric-suite.ts';

/** The real images an evaluation compares with, judged once, and what they are. */
export interface Reference {
  real: Judged;
  data: ReferenceData;
  /** The classifier's embedding (undefined: pixel metrics only) and its number of classes. */
  embedding: tf.LayersModel | undefined;
  classes: number;
}

/** Judges up to `samples` images of a data stage's output (`stage` names it in the records). */
export function judgeReference(
  original: ImageDataset,
  stage: string,
  embedding: tf.LayersModel | undefined,
  samples: number,
): Reference {
  const dataset = datasetForMetrics(original);
  const real = judgeDataset(embedding, dataset, samples);
  const data = {
    stage,
    dataset: dataset.name,
    size: `${original.height}×${original.width}`,
    images: real.images.count,
  };
  return { real, data, embedding, classes: embedding?.outputs[1]!.shape.at(-1) ?? 0 };
}

export interface GeneratorEvaluation {
  generator: tf.LayersModel;
  samples: number;
  /** G's output range, mapped to the classifier's. */
  range: readonly [number, number];
  /** The noise stream the samples are drawn from. */
  random: Random;
  suite: Omit<SuiteOptions, 'classes'>;
}

/**
 * The one way Granular evaluates a generator, for the eval/metrics stage and `granular eval`
 * alike: samples judged like the reference, then every requested metric.
 */
export function evaluateGenerator(reference: Reference, evaluation: GeneratorEvaluation): Record<string, number> {
  const started = Date.now();
  const fake = judgeGenerator(
    evaluation.generator,
    reference.embedding,
    evaluation.samples,
    evaluation.range,
    evaluation.random,
  );
  evaluation.suite.log?.(
    `${evaluation.samples} samples drawn and judged: ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return computeMetrics(reference.real, fake, { ...evaluation.suite, classes: reference.classes });
}

/** The record metrics.json keeps of an evaluation: the numbers and everything they depend on. */
export function evaluationRecord(
  reference: Reference,
  evaluation: GeneratorEvaluation,
  made: Pick<EvaluationRecord, 'step' | 'by' | 'generator' | 'ema' | 'classifier'> & { checkpoint?: number },
  values: Record<string, number>,
): EvaluationRecord {
  return {
    step: made.step,
    by: made.by,
    at: new Date().toISOString(),
    generator: made.generator,
    ema: made.ema,
    ...(made.checkpoint !== undefined ? { checkpoint: made.checkpoint } : {}),
    classifier: made.classifier,
    reference: reference.data,
    samples: evaluation.samples,
    prdc_samples: evaluation.suite.prdcSamples ?? SUITE_SAMPLE_DEFAULTS.prdcSamples,
    swd_samples: evaluation.suite.swdSamples ?? SUITE_SAMPLE_DEFAULTS.swdSamples,
    values,
  };
}
