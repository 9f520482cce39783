import * as tf from '@tensorflow/tfjs';
import { Random } from '@granular/core';
import { laplacianPyramid } from '@granular/ops';

/** Images as one NHWC float array. */
export interface ImageStack {
  values: Float32Array;
  count: number;
  height: number;
  width: number;
  channels: number;
}

export interface SwdOptions {
  seed?: number;
  /** Side of the square neighbourhoods compared (ProGAN: 7). */
  neighbourhood?: number;
  /** Neighbourhoods drawn per image and level (ProGAN: 128). */
  descriptorsPerImage?: number;
  /** Sets of random directions (ProGAN: 4)… */
  repeats?: number;
  /** …of this many directions each (ProGAN: 128). */
  directionsPerRepeat?: number;
  /** The coarsest pyramid level used (ProGAN: 16 pixels). */
  minResolution?: number;
}

const CHUNK = 256;

/** The Laplacian pyramid levels of a stack, finest first, down to `minResolution`, as arrays. */
function pyramidLevels(stack: ImageStack, minResolution: number): ImageStack[] {
  const levels = Math.max(1, Math.floor(Math.log2(Math.min(stack.height, stack.width) / minResolution)) + 1);
  const out = Array.from({ length: levels }, (_, l) => {
    const h = stack.height >> l;
    const w = stack.width >> l;
    return { values: new Float32Array(stack.count * h * w * stack.channels), count: stack.count, height: h, width: w, channels: stack.channels };
  });
  const size = stack.height * stack.width * stack.channels;
  for (let start = 0; start < stack.count; start += CHUNK) {
    const n = Math.min(CHUNK, stack.count - start);
    tf.tidy(() => {
      const images = tf.tensor4d(stack.values.subarray(start * size, (start + n) * size), [n, stack.height, stack.width, stack.channels]);
      laplacianPyramid(images, levels).forEach((level, l) => out[l]!.values.set(level.dataSync(), start * out[l]!.height * out[l]!.width * stack.channels));
    });
  }
  return out;
}

/**
 * Random square neighbourhoods of every image of a level, each normalized per channel over
 * all descriptors (ProGAN's finalize_descriptors): rows of length size²·channels.
 */
function descriptors(level: ImageStack, neighbourhood: number, perImage: number, random: Random): Float32Array[] {
  const half = Math.floor(neighbourhood / 2);
  const { height, width, channels } = level;
  const rows: Float32Array[] = [];
  for (let n = 0; n < level.count; n++) {
    for (let d = 0; d < perImage; d++) {
      const cy = half + random.int(height - 2 * half);
      const cx = half + random.int(width - 2 * half);
      const row = new Float32Array(neighbourhood * neighbourhood * channels);
      let k = 0;
      for (let c = 0; c < channels; c++) for (let y = -half; y <= half; y++) for (let x = -half; x <= half; x++) row[k++] = level.values[((n * height + cy + y) * width + cx + x) * channels + c]!;
      rows.push(row);
    }
  }
  const perChannel = neighbourhood * neighbourhood;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    let squares = 0;
    for (const row of rows) for (let i = c * perChannel; i < (c + 1) * perChannel; i++) {
      sum += row[i]!;
      squares += row[i]! * row[i]!;
    }
    const count = rows.length * perChannel;
    const mean = sum / count;
    const std = Math.sqrt(Math.max(squares / count - mean * mean, 1e-12));
    for (const row of rows) for (let i = c * perChannel; i < (c + 1) * perChannel; i++) row[i] = (row[i]! - mean) / std;
  }
  return rows;
}

/**
 * The sliced Wasserstein distance between two equally large sets of vectors: for random unit
 * directions, the mean absolute difference of the sorted projections (the 1-D Wasserstein-1
 * distance), averaged over directions and repeats.
 */
export function slicedWasserstein(a: readonly Float32Array[], b: readonly Float32Array[], repeats: number, directionsPerRepeat: number, random: Random): number {
  if (a.length !== b.length) throw new Error(`sliced Wasserstein needs equally many vectors (${a.length} and ${b.length})`);
  const dimension = a[0]!.length;
  let total = 0;
  for (let repeat = 0; repeat < repeats; repeat++) {
    let sum = 0;
    for (let d = 0; d < directionsPerRepeat; d++) {
      const direction = Float64Array.from({ length: dimension }, () => random.normal());
      const norm = Math.sqrt(direction.reduce((s, v) => s + v * v, 0));
      const project = (rows: readonly Float32Array[]) =>
        Float64Array.from(rows, (row) => {
          let dot = 0;
          for (let i = 0; i < dimension; i++) dot += row[i]! * direction[i]!;
          return dot / norm;
        }).sort();
      const pa = project(a);
      const pb = project(b);
      for (let i = 0; i < pa.length; i++) sum += Math.abs(pa[i]! - pb[i]!);
    }
    total += sum / (a.length * directionsPerRepeat);
  }
  return total / repeats;
}

/**
 * ProGAN's sliced Wasserstein distance between image sets (Karras et al. 2018, after Rabin et
 * al. 2011): Laplacian pyramid levels down to 16 px, 128 random 7×7 neighbourhoods per image
 * per level, normalized per channel, 4 × 128 random projections. Reported ×10³ per level
 * (finest first) and averaged. Seeded: the same inputs and seed give the same numbers.
 */
export function slicedWassersteinDistance(real: ImageStack, fake: ImageStack, options: SwdOptions = {}): { perLevel: number[]; average: number } {
  const random = Random.derive(options.seed ?? 0, 'swd');
  const neighbourhood = options.neighbourhood ?? 7;
  const perImage = options.descriptorsPerImage ?? 128;
  const realLevels = pyramidLevels(real, options.minResolution ?? 16);
  const fakeLevels = pyramidLevels(fake, options.minResolution ?? 16);
  const perLevel = realLevels.map((level, l) => {
    const a = descriptors(level, neighbourhood, perImage, random);
    const b = descriptors(fakeLevels[l]!, neighbourhood, perImage, random);
    return 1e3 * slicedWasserstein(a, b, options.repeats ?? 4, options.directionsPerRepeat ?? 128, random);
  });
  return { perLevel, average: perLevel.reduce((s, v) => s + v, 0) / perLevel.length };
}
