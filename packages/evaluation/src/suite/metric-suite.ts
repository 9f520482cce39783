import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '@granular/data';
import { classifierScore } from '../metrics/classifier-score.ts';
import { frechetDistance } from '../metrics/frechet-distance.ts';
import { kernelInceptionDistance } from '../metrics/kernel-inception-distance.ts';
import { modeCoverage } from '../metrics/mode-coverage.ts';
import { precisionRecallDensityCoverage } from '../metrics/precision-recall-density-coverage.ts';
import { slicedWassersteinDistance, type ImageStack } from '../metrics/sliced-wasserstein.ts';
import { classifierView } from './classifier-input.ts';

export const METRIC_NAMES = ['fcd', 'kid', 'prdc', 'modes', 'classifier_score', 'swd'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
/** The metrics that compare the classifier's features or classes; SWD compares pixels and needs none. */
export const CLASSIFIER_METRICS: readonly MetricName[] = ['fcd', 'kid', 'prdc', 'modes', 'classifier_score'];

/** Images and what the classifier makes of them: its `features` embedding and class logits. */
export interface Judged {
  images: ImageStack;
  features: Float32Array[];
  logits: Float32Array[];
}

const CHUNK = 250;

/**
 * Runs the classifier's embedding over metric images (given in chunks by `take`, see
 * `datasetForMetrics`), keeping the images (for SWD), features and logits; without an
 * embedding (no classifier knows the images), only the images.
 */
export function judgeImages(embedding: tf.LayersModel | undefined, count: number, take: (start: number, size: number) => tf.Tensor4D): Judged {
  const features: Float32Array[] = [];
  const logits: Float32Array[] = [];
  let images: ImageStack | undefined;
  for (let start = 0; start < count; start += CHUNK) {
    const size = Math.min(CHUNK, count - start);
    tf.tidy(() => {
      const batch = take(start, size);
      const [, height, width, channels] = batch.shape;
      images ??= { values: new Float32Array(count * height * width * channels), count, height, width, channels };
      images.values.set(batch.dataSync() as Float32Array, start * height * width * channels);
      if (!embedding) return; // pixel metrics only
      const [f, l] = embedding.predict(classifierView(batch)) as tf.Tensor[];
      const fv = f!.dataSync() as Float32Array;
      const lv = l!.dataSync() as Float32Array;
      const fd = f!.shape[1]!;
      const ld = l!.shape[1]!;
      for (let i = 0; i < size; i++) {
        features.push(fv.slice(i * fd, (i + 1) * fd));
        logits.push(lv.slice(i * ld, (i + 1) * ld));
      }
    });
  }
  return { images: images!, features, logits };
}

export function judgeDataset(embedding: tf.LayersModel | undefined, dataset: ImageDataset, count = dataset.count): Judged {
  const size = dataset.height * dataset.width * dataset.channels;
  return judgeImages(embedding, Math.min(count, dataset.count), (start, n) => tf.tensor4d(dataset.images.subarray(start * size, (start + n) * size), [n, dataset.height, dataset.width, dataset.channels]));
}

export interface SuiteOptions {
  metrics: readonly MetricName[];
  seed: number;
  classes: number;
  /** PRDC and SWD are quadratic or sort-heavy: they use at most this many samples of each set. */
  prdcSamples?: number;
  swdSamples?: number;
  k?: number;
  /** Stop starting new metrics after this long (seconds); the ones skipped are named. */
  timeLimit?: number;
  log?: (message: string) => void;
}

function firstRows(stack: ImageStack, count: number): ImageStack {
  const n = Math.min(count, stack.count);
  return { ...stack, count: n, values: stack.values.subarray(0, n * stack.height * stack.width * stack.channels) };
}

/** Every requested metric of generated samples against real ones, as named numbers. */
export function computeMetrics(real: Judged, fake: Judged, options: SuiteOptions): Record<string, number> {
  const values: Record<string, number> = {};
  const started = Date.now();
  const argmax = (row: Float32Array) => row.reduce((best, v, i) => (v > row[best]! ? i : best), 0);
  const runners: Record<MetricName, () => void> = {
    fcd: () => (values['fcd'] = frechetDistance(real.features, fake.features)),
    kid: () => (values['kid'] = kernelInceptionDistance(real.features, fake.features, { blockSize: 1000 })),
    prdc: () => {
      const n = options.prdcSamples ?? 2000;
      const result = precisionRecallDensityCoverage(real.features.slice(0, n), fake.features.slice(0, n), options.k ?? 5);
      Object.assign(values, result);
    },
    modes: () => {
      const { modes, klToUniform } = modeCoverage(fake.logits.map(argmax), options.classes);
      values['modes'] = modes;
      values['mode_kl'] = klToUniform;
    },
    classifier_score: () => (values['classifier_score'] = classifierScore(fake.logits)),
    swd: () => {
      // Equally many of each: the reference may hold fewer images than were asked for.
      const n = Math.min(options.swdSamples ?? 1024, real.images.count, fake.images.count);
      const swd = slicedWassersteinDistance(firstRows(real.images, n), firstRows(fake.images, n), { seed: options.seed });
      swd.perLevel.forEach((value, level) => (values[`swd_${real.images.height >> level}`] = value));
      values['swd'] = swd.average;
    },
  };
  for (const name of options.metrics) {
    if (options.timeLimit !== undefined && (Date.now() - started) / 1000 > options.timeLimit) {
      options.log?.(`time limit of ${options.timeLimit} s reached: ${name} skipped`);
      continue;
    }
    const t = Date.now();
    runners[name]();
    options.log?.(`${name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  return values;
}
