import type { ImageDataset } from '../datasets/image-dataset.ts';

/** Maps pixel values linearly from the data set's range to `range` (MNIST [0, 255] → [-1, 1] for a tanh generator). */
export function normalizeRange(dataset: ImageDataset, range: readonly [number, number]): ImageDataset {
  const [from0, from1] = dataset.range;
  const scale = (range[1] - range[0]) / (from1 - from0);
  const images = new Float32Array(dataset.images.length);
  for (let i = 0; i < images.length; i++) images[i] = range[0] + (dataset.images[i]! - from0) * scale;
  return { ...dataset, images, range: [range[0], range[1]] };
}

/**
 * Pads every image to size × size, centred (28 → 32: 2 pixels each side), so that a pyramid
 * halves cleanly down to 4 × 4. The fill value defaults to the low end of the range (black).
 */
export function padImages(dataset: ImageDataset, size: number, value = dataset.range[0]): ImageDataset {
  const { height, width, channels, count } = dataset;
  if (size < height || size < width) throw new Error(`cannot pad ${height}×${width} images to ${size}×${size}`);
  const top = Math.floor((size - height) / 2);
  const left = Math.floor((size - width) / 2);
  const images = new Float32Array(count * size * size * channels).fill(value);
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < height; y++) {
      const source = (n * height + y) * width * channels;
      const target = ((n * size + y + top) * size + left) * channels;
      images.set(dataset.images.subarray(source, source + width * channels), target);
    }
  }
  return { ...dataset, images, height: size, width: size };
}

/**
 * Bilinear resize with half-pixel centres (as PIL and tf.image with half_pixel_centers), done
 * once on the whole data set in JavaScript rather than per batch on the backend.
 */
export function resizeImages(dataset: ImageDataset, height: number, width: number): ImageDataset {
  const { count, channels } = dataset;
  const images = new Float32Array(count * height * width * channels);
  const sy = dataset.height / height;
  const sx = dataset.width / width;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), dataset.height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, dataset.height - 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), dataset.width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, dataset.width - 1);
      const wx = fx - x0;
      for (let n = 0; n < count; n++) {
        const base = n * dataset.height * dataset.width;
        for (let c = 0; c < channels; c++) {
          const at = (yy: number, xx: number) => dataset.images[(base + yy * dataset.width + xx) * channels + c]!;
          const top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx;
          const bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx;
          images[((n * height + y) * width + x) * channels + c] = top * (1 - wy) + bottom * wy;
        }
      }
    }
  }
  return { ...dataset, images, height, width };
}
