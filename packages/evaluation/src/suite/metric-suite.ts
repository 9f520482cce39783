import * as tf from '@tensorflow/tfjs';
import type { ImageDataset } from '@granular/data';
import { componentParameters } from '@granular/core';
import type { Judged, MetricDefinition } from '../metrics/define-metric.ts';
import type { ImageStack } from '../metrics/sliced-wasserstein.ts';
import { classifierView } from './classifier-input.ts';

export type { Judged } from '../metrics/define-metric.ts';

const CHUNK = 250;

/**
 * Runs the classifier's embedding over metric images (given in chunks by `take`, see
 * `datasetForMetrics`), keeping the images (for SWD), features and logits; without an
 * embedding (no classifier knows the images), only the images.
 */
export function judgeImages(
  embedding: tf.LayersModel | undefined,
  count: number,
  take: (start: number, size: number) => tf.Tensor4D,
): Judged {
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
      // The whole chunk at once: predict's default batches of 32 made 8× the kernel calls, and took most of the time.
      const [f, l] = embedding.predict(classifierView(batch), { batchSize: size }) as tf.Tensor[];
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

export function judgeDataset(
  embedding: tf.LayersModel | undefined,
  dataset: ImageDataset,
  count = dataset.count,
): Judged {
  const size = dataset.height * dataset.width * dataset.channels;
  const judged = judgeImages(embedding, Math.min(count, dataset.count), (start, n) =>
    tf.tensor4d(dataset.images.subarray(start * size, (start + n) * size), [
      n,
      dataset.height,
      dataset.width,
      dataset.channels,
    ]),
  );
  return dataset.labels ? { ...judged, labels: dataset.labels.slice(0, judged.images.count) } : judged;
}

/** How many samples of each set the quadratic (PRDC) and sort-heavy (SWD) metrics use unless told. */
export const SUITE_SAMPLE_DEFAULTS = { prdcSamples: 2000, swdSamples: 1024 } as const;

export interface SuiteOptions {
  /** The metrics to run, in order, each with its parameters (defaults filled in; see `componentParameters`). */
  metrics: readonly { definition: MetricDefinition; params: Record<string, unknown> }[];
  seed: number;
  classes: number;
  /** PRDC and SWD are quadratic or sort-heavy: they use at most this many samples of each set. */
  prdcSamples?: number;
  swdSamples?: number;
  /** Stop starting new metrics after this long (seconds); the ones skipped are named. */
  timeLimit?: number;
  log?: (message: string) => void;
}

/** Metrics with their default parameters: for callers without a pipeline (benchmarks, tests). */
export function withDefaultParams(definitions: readonly MetricDefinition[]): SuiteOptions['metrics'] {
  return definitions.map((definition) => ({ definition, params: componentParameters(definition, {}).params }));
}

/** Every requested metric of generated samples against real ones, as named numbers; each set was judged once for all of them. */
export function computeMetrics(real: Judged, fake: Judged, options: SuiteOptions): Record<string, number> {
  const values: Record<string, number> = {};
  const started = Date.now();
  const inputs = {
    real,
    fake,
    seed: options.seed,
    classes: options.classes,
    prdcSamples: options.prdcSamples ?? SUITE_SAMPLE_DEFAULTS.prdcSamples,
    swdSamples: options.swdSamples ?? SUITE_SAMPLE_DEFAULTS.swdSamples,
  };
  for (const { definition, params } of options.metrics) {
    if (options.timeLimit !== undefined && (Date.now() - started) / 1000 > options.timeLimit) {
      options.log?.(`time limit of ${options.timeLimit} s reached: ${definition.name} skipped`);
      continue;
    }
    const t = Date.now();
    Object.assign(values, definition.compute(inputs, params as never));
    options.log?.(`${definition.name}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  return values;
}
