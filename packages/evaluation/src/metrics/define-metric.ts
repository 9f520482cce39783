import type { Static, TObject } from '@sinclair/typebox';
import type { ComponentDefinition } from '@granular/core';
import type { ImageStack } from './sliced-wasserstein.ts';

/** Images and what the classifier makes of them: its `features` embedding and class logits (empty without a classifier). */
export interface Judged {
  images: ImageStack;
  features: Float32Array[];
  logits: Float32Array[];
  /** Each image's class: the data set's label of a real one, the class a conditional G was asked for. */
  labels?: Int32Array;
}

/**
 * What a metric compares: the classifier's features or its class logits (both need a
 * classifier trained on the data), or the pixels themselves (any images).
 */
export type MetricNeed = 'features' | 'logits' | 'pixels';

/** What the suite gives every metric: both sets, judged once, and the evaluation's settings. */
export interface MetricInputs {
  real: Judged;
  fake: Judged;
  seed: number;
  /** The classifier's number of classes (0 without one). */
  classes: number;
  /** Caps for quadratic or sort-heavy metrics: at most this many samples of each set. */
  prdcSamples: number;
  swdSamples: number;
}

export interface MetricDefinition<Params extends TObject = TObject> extends ComponentDefinition<Params> {
  readonly kind: 'metric';
  readonly needs: MetricNeed;
  /** It compares images class by class: it needs a class-conditional generator (and labelled reals). */
  readonly conditional?: boolean;
  /** The named values it gives (`fcd`; `precision`, `recall`…; `swd_32`…): lower or higher is better is said in the summary. */
  compute(inputs: MetricInputs, params: Static<Params>): Record<string, number>;
}

/**
 * A metric registered by name: `eval/metrics` lists it under `metrics:`, `granular eval
 * --metrics` takes it, its parameters come from the stage's `metric_params.<name>`.
 */
export function defineMetric<Params extends TObject>(
  definition: Omit<MetricDefinition<Params>, 'kind'>,
): MetricDefinition<Params> {
  return { kind: 'metric', ...definition };
}

/** Whether a metric can run only with a classifier trained on the data. */
export function needsClassifier(metric: MetricDefinition): boolean {
  return metric.needs !== 'pixels';
}
