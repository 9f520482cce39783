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
  // Where each output row and column samples the input, computed once; then image by image, so
  // that the reads of one image stay in the cache (output pixel by pixel over all 60,000
  // images, the same loop took minutes at 64 px).
  const taps = (outSize: number, inSize: number) =>
    Array.from({ length: outSize }, (_, i) => {
      const f = Math.min(Math.max((i + 0.5) * (inSize / outSize) - 0.5, 0), inSize - 1);
      const low = Math.floor(f);
      return { low, high: Math.min(low + 1, inSize - 1), weight: f - low };
    });
  const rows = taps(height, dataset.height);
  const cols = taps(width, dataset.width);
  const inSize = dataset.height * dataset.width * channels;
  const outSize = height * width * channels;
  for (let n = 0; n < count; n++) {
    const source = dataset.images.subarray(n * inSize, (n + 1) * inSize);
    const at = (yy: number, xx: number, c: number) => source[(yy * dataset.width + xx) * channels + c]!;
    for (let y = 0; y < height; y++) {
      const { low: y0, high: y1, weight: wy } = rows[y]!;
      for (let x = 0; x < width; x++) {
        const { low: x0, high: x1, weight: wx } = cols[x]!;
        for (let c = 0; c < channels; c++) {
          const top = at(y0, x0, c) * (1 - wx) + at(y0, x1, c) * wx;
          const bottom = at(y1, x0, c) * (1 - wx) + at(y1, x1, c) * wx;
          images[n * outSize + (y * width + x) * channels + c] = top * (1 - wy) + bottom * wy;
        }
      }
    }
  }
  return { ...dataset, images, height, width };
}
