/**
 * @granular/evaluation: how a run is judged: sample grids, the discriminator on held-out
 * data, and metrics (registered by name, as losses are) computed with an in-project classifier
 * or on pixels.
 */
import type { Contribution } from '@granular/core';
import { discriminatorEval } from './stages/discriminator-eval.ts';
import { samples } from './stages/samples.ts';
import { accuracy } from './stages/accuracy.ts';
import { metrics } from './stages/metrics.ts';
import { BUILTIN_METRICS, DEFAULT_METRICS } from './metrics/registered/builtin-metrics.ts';

export { testAccuracy } from './stages/accuracy.ts';
export {
  computeMetrics,
  judgeDataset,
  withDefaultParams,
  SUITE_SAMPLE_DEFAULTS,
  type Judged,
  type SuiteOptions,
} from './suite/metric-suite.ts';
export { BUILTIN_METRICS, DEFAULT_METRICS };
export {
  defineMetric,
  needsClassifier,
  type MetricDefinition,
  type MetricInputs,
  type MetricNeed,
} from './metrics/define-metric.ts';
export { judgeGenerator } from './suite/generated-samples.ts';
export {
  evaluateGenerator,
  evaluationRecord,
  judgeReference,
  type GeneratorEvaluation,
  type Reference,
} from './suite/evaluate-generator.ts';
export { datasetForMetrics, imagesForMetrics } from './suite/classifier-input.ts';
export {
  readMetricsFile,
  recordEvaluation,
  dropTrainingEvaluationsAfter,
  type MetricsFile,
} from './suite/metrics-file.ts';
export { comparableAs, type EvaluationRecord, type ReferenceData } from './suite/evaluation-record.ts';
export { classifierMismatch } from './suite/classifier-fit.ts';
export { calibrationSet, CALIBRATION_SETS, type CalibrationSet } from './calibration/reference-sets.ts';
export { frechetDistance } from './metrics/frechet-distance.ts';
export { kernelInceptionDistance } from './metrics/kernel-inception-distance.ts';
export { classifierScore } from './metrics/classifier-score.ts';
export { precisionRecallDensityCoverage } from './metrics/precision-recall-density-coverage.ts';
export { modeCoverage } from './metrics/mode-coverage.ts';
export {
  slicedWassersteinDistance,
  slicedWasserstein,
  type ImageStack,
  type SwdOptions,
} from './metrics/sliced-wasserstein.ts';
export {
  loadClassifier,
  classifierFor,
  CLASSIFIER_NAMES,
  CLASSIFIERS_DIRECTORY,
  type ClassifierName,
} from './classifiers/shipped-classifiers.ts';
export type { FeatureRows } from './linear-algebra/feature-statistics.ts';

export const contribution: Contribution = {
  stages: [samples, discriminatorEval, accuracy, metrics],
  metrics: BUILTIN_METRICS,
};
