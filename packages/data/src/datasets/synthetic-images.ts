import type { Random } from '@granular/core';
import type { ImageDataset } from './image-dataset.ts';

export type SyntheticKind = 'blobs' | 'shapes';

/**
 * Small seeded image sets for fast tests and demos: `blobs` are Gaussian spots (class = which
 * of `classes` fixed places, jittered), `shapes` are filled squares, discs and crosses (class =
 * shape). Pixels in [0, 1].
 */
export function syntheticImages(
  kind: SyntheticKind,
  count: number,
  size: number,
  classes: number,
  random: Random,
): ImageDataset {
  const images = new Float32Array(count * size * size);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const label = random.int(classes);
    labels[n] = label;
    const image = images.subarray(n * size * size, (n + 1) * size * size);
    if (kind === 'blobs') drawBlob(image, size, label, classes, random);
    else drawShape(image, size, label % 3, random);
  }
  return {
    name: `synthetic/${kind}`,
    images,
    labels,
    count,
    height: size,
    width: size,
    channels: 1,
    range: [0, 1],
    classNames: Array.from({ length: classes }, (_, i) => String(i)),
  };
}

function drawBlob(image: Float32Array, size: number, label: number, classes: number, random: Random): void {
  const angle = (2 * Math.PI * label) / classes;
  const cx = size / 2 + (size / 4) * Math.cos(angle) + random.normal() * 0.5;
  const cy = size / 2 + (size / 4) * Math.sin(angle) + random.normal() * 0.5;
  const sigma = size / 10;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++)
      image[y * size + x] = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * sigma * sigma));
  }
}

function drawShape(image: Float32Array, size: number, shape: number, random: Random): void {
  const radius = size * (0.2 + 0.1 * random.next());
  const cx = size / 2 + (random.next() - 0.5) * size * 0.2;
  const cy = size / 2 + (random.next() - 0.5) * size * 0.2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const dx = Math.abs(x + 0.5 - cx);
      const dy = Math.abs(y + 0.5 - cy);
      const inside =
        shape === 0
          ? dx < radius && dy < radius
          : shape === 1
            ? dx * dx + dy * dy < radius * radius
            : (dx < radius / 3 && dy < radius) || (dy < radius / 3 && dx < radius);
      image[y * size + x] = inside ? 1 : 0;
    }
  }
}
