import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { Random } from '@granular/core';
import type { MetricsFile } from '@granular/evaluation';
import { granular } from './test-support/run-cli.ts';

const PIPELINE = `name: folder-gan
seed: 3
models:
  G: { use: mlp/generator, with: { latent: 8, hidden: [16], shape: [8, 8, 1], output: tanh } }
  D: { use: mlp/discriminator, with: { hidden: [16], shape: [8, 8, 1] } }
stages:
  photos:      { use: data/image-folder, with: { path: ./photos, split: train, held_out: 0.3 } }
  scaled:      { use: preprocess/normalize, from: photos, with: { range: [-1, 1] } }
  batches:     { use: data/batches, from: scaled, with: { size: 16, epochs: 10 } }
  held-out:    { use: data/image-folder, with: { path: ./photos, split: test, held_out: 0.3 } }
  held-scaled: { use: preprocess/normalize, from: held-out, with: { range: [-1, 1] } }
  d:           { use: train/d-step, from: batches }
  g:           { use: train/g-step, from: d }
  metrics:     { use: eval/metrics, from: g, every: 10, with: { data: held-scaled, metrics: [swd], samples: 200, swd_samples: 200 } }
  save:        { use: train/checkpoint, from: g, every: 10 }
`;

/** A folder of 8×8 grey PNGs, each a bright square at a random place: images no shipped classifier knows. */
function writeFolder(directory: string, count: number): void {
  mkdirSync(directory);
  const random = Random.derive(5, 'folder');
  for (let i = 0; i < count; i++) {
    const png = new PNG({ width: 8, height: 8 });
    const [x, y] = [random.int(6), random.int(6)];
    for (let p = 0; p < 64; p++) {
      const inside = p % 8 >= x && p % 8 < x + 3 && Math.floor(p / 8) >= y && Math.floor(p / 8) < y + 3;
      png.data.set([inside ? 230 : 20, inside ? 230 : 20, inside ? 230 : 20, 255], 4 * p);
    }
    writeFileSync(join(directory, `square-${String(i).padStart(3, '0')}.png`), PNG.sync.write(png));
  }
}

describe('granular eval on a run over your own image folder', () => {
  it('reports no MNIST-classifier metric, compares pixels with the folder’s held-out images, and keeps the earlier evaluations', async () => {
    const root = mkdtempSync(join(tmpdir(), 'granular-folder-'));
    writeFolder(join(root, 'photos'), 120);
    writeFileSync(join(root, 'folder-gan.yaml'), PIPELINE);
    const out = join(root, 'run');
    const trained = await granular(
      'run',
      join(root, 'folder-gan.yaml'),
      '--out',
      out,
      '--max-steps',
      '20',
      '--backend',
      'wasm',
    );
    expect(trained.code, trained.err).toBe(0);
    // The run's own pipeline.yaml names the folder absolutely: resume, eval and repro read it from the run directory.
    expect(readFileSync(join(out, 'pipeline.yaml'), 'utf8')).toContain(`path: ${join(root, 'photos')}`);
    const before = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as MetricsFile;
    expect(before.evaluations!.length).toBeGreaterThanOrEqual(2);
    const heldOut = before.evaluations![0]!.reference;
    expect(heldOut.dataset).toBe(`folder:${join(root, 'photos')}/test`);
    expect(heldOut.images).toBeGreaterThan(20);
    expect(heldOut.images).toBeLessThan(60);

    const evaluated = await granular('eval', out, '--samples', '100');
    expect(evaluated.code, evaluated.err).toBe(0);
    expect(evaluated.err).toMatch(
      /only swd: the mnist classifier was trained on mnist images, but the reference data comes from stage 'held-out' \(data\/image-folder\)/,
    );
    expect(
      evaluated.out
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(['swd_32', 'swd_16', 'swd']);
    expect(evaluated.out).not.toMatch(/fcd|kid|precision|modes|classifier_score/);

    const after = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as MetricsFile;
    expect(after.evaluations!.slice(0, -1)).toEqual(before.evaluations);
    const added = after.evaluations!.at(-1)!;
    expect(added).toMatchObject({ by: 'granular eval', step: 20, checkpoint: 20, classifier: null, samples: 100 });
    expect(added.reference).toEqual({ ...heldOut, stage: 'held-scaled' });
    expect(Object.keys(added.values)).toEqual(['swd_32', 'swd_16', 'swd']);
    // Asking for a classifier metric on these images is a mistake, said as one.
    const refused = await granular('eval', out, '--metrics', 'fcd');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/fcd cannot be computed: the mnist classifier was trained on mnist images/);
  }, 60_000);
});
