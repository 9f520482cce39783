import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnist, resizeImages, type ImageDataset } from '@granular/data';
import { selectBackend } from '@granular/ops';
import { loadClassifier } from '../classifiers/shipped-classifiers.ts';
import { datasetForMetrics } from './classifier-input.ts';
import { judgeDataset, type Judged } from './metric-suite.ts';

const COUNT = 1000;

function firstImages(dataset: ImageDataset, count: number): ImageDataset {
  const size = dataset.height * dataset.width * dataset.channels;
  return {
    ...dataset,
    count,
    images: dataset.images.subarray(0, count * size),
    labels: dataset.labels?.subarray(0, count),
  };
}

const argmax = (row: Float32Array) => row.reduce((best, v, i) => (v > row[best]! ? i : best), 0);

describe('metrics on images larger than the classifier (MNIST at 64 px)', () => {
  let labels: Int32Array;
  let native: Judged;
  let large: Judged;

  beforeAll(async () => {
    await selectBackend('wasm');
    const { embedding, model } = await loadClassifier('mnist');
    const test = firstImages(loadMnist('test'), COUNT);
    labels = test.labels!;
    native = judgeDataset(embedding, datasetForMetrics(test));
    large = judgeDataset(embedding, datasetForMetrics(resizeImages(test, 64, 64)));
    model.dispose();
  }, 120_000);

  it('keeps the 64-px images for the pixel metrics (SWD reads 64, 32 and 16 px)', () => {
    expect([large.images.height, large.images.width, large.images.count]).toEqual([64, 64, COUNT]);
    expect(native.images.height).toBe(32);
  });

  it('shows the classifier the digits at their own 28 px: it reads 64-px digits as it reads the originals', () => {
    const agree = large.logits.filter((row, i) => argmax(row) === argmax(native.logits[i]!)).length / COUNT;
    const accuracy = large.logits.filter((row, i) => argmax(row) === labels[i]).length / COUNT;
    expect(agree).toBeGreaterThanOrEqual(0.98);
    expect(accuracy).toBeGreaterThanOrEqual(0.97);
  });
});
