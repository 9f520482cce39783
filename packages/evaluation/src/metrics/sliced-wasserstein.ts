import * as tf from '@tensorflow/tfjs';
import { Random } from '@granular/core';
import { laplacianPyramid } from '@granular/ops';
import { packRows } from '../linear-algebra/inner-products.ts';
import { sortRows } from './sort-rows.ts';

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
    return {
      values: new Float32Array(stack.count * h * w * stack.channels),
      count: stack.count,
      height: h,
      width: w,
      channels: stack.channels,
    };
  });
  const size = stack.height * stack.width * stack.channels;
  for (let start = 0; start < stack.count; start += CHUNK) {
    const n = Math.min(CHUNK, stack.count - start);
    tf.tidy(() => {
      const images = tf.tensor4d(stack.values.subarray(start * size, (start + n) * size), [
        n,
        stack.height,
        stack.width,
        stack.channels,
      ]);
      laplacianPyramid(images, levels).forEach((level, l) =>
        out[l]!.values.set(level.dataSync(), start * out[l]!.height * out[l]!.width * stack.channels),
      );
    });
  }
  return out;
}

/** Vectors as the rows of one float32 matrix. */
export interface VectorSet {
  values: Float32Array;
  rows: number;
  columns: number;
}

function asVectorSet(vectors: readonly Float32Array[] | VectorSet): VectorSet {
  if (!Array.isArray(vectors)) return vectors as VectorSet;
  const rows = vectors as readonly Float32Array[];
  return { values: packRows(rows), rows: rows.length, columns: rows[0]?.length ?? 0 };
}

/**
 * Random square neighbourhoods of every image of a level, each normalized per channel over
 * all descriptors (ProGAN's finalize_descriptors): rows of length size²·channels.
 */
function descriptors(level: ImageStack, neighbourhood: number, perImage: number, random: Random): VectorSet {
  const half = Math.floor(neighbourhood / 2);
  const { height, width, channels } = level;
  const columns = neighbourhood * neighbourhood * channels;
  const rows = level.count * perImage;
  const values = new Float32Array(rows * columns);
  let k = 0;
  for (let n = 0; n < level.count; n++) {
    for (let d = 0; d < perImage; d++) {
      const cy = half + random.int(height - 2 * half);
      const cx = half + random.int(width - 2 * half);
      for (let c = 0; c < channels; c++)
        for (let y = -half; y <= half; y++)
          for (let x = -half; x <= half; x++)
            values[k++] = level.values[((n * height + cy + y) * width + cx + x) * channels + c]!;
    }
  }
  const perChannel = neighbourhood * neighbourhood;
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    let squares = 0;
    for (let r = 0; r < rows; r++) {
      for (let i = r * columns + c * perChannel; i < r * columns + (c + 1) * perChannel; i++) {
        sum += values[i]!;
        squares += values[i]! * values[i]!;
      }
    }
    const count = rows * perChannel;
    const mean = sum / count;
    const std = Math.sqrt(Math.max(squares / count - mean * mean, 1e-12));
    for (let r = 0; r < rows; r++)
      for (let i = r * columns + c * perChannel; i < r * columns + (c + 1) * perChannel; i++)
        values[i] = (values[i]! - mean) / std;
  }
  return { values, rows, columns };
}

/**
 * The sliced Wasserstein distance between two equally large sets of vectors: for random unit
 * directions, the mean absolute difference of the sorted projections (the 1-D Wasserstein-1
 * distance), averaged over directions and repeats. The projections of a repeat are one matrix
 * product on the tfjs backend; the sorts are radix sorts on every core.
 */
export function slicedWasserstein(
  a: readonly Float32Array[] | VectorSet,
  b: readonly Float32Array[] | VectorSet,
  repeats: number,
  directionsPerRepeat: number,
  random: Random,
): number {
  const [setA, setB] = [asVectorSet(a), asVectorSet(b)];
  if (setA.rows !== setB.rows)
    throw new Error(`sliced Wasserstein needs equally many vectors (${setA.rows} and ${setB.rows})`);
  const { rows: count, columns: dimension } = setA;
  const matrixA = tf.tensor2d(setA.values, [count, dimension]);
  const matrixB = tf.tensor2d(setB.values, [count, dimension]);
  let total = 0;
  try {
    for (let repeat = 0; repeat < repeats; repeat++) {
      const directions = new Float32Array(directionsPerRepeat * dimension);
      for (let d = 0; d < directionsPerRepeat; d++) {
        const direction = Float64Array.from({ length: dimension }, () => random.normal());
        const norm = Math.sqrt(direction.reduce((s, v) => s + v * v, 0));
        for (let i = 0; i < dimension; i++) directions[d * dimension + i] = direction[i]! / norm;
      }
      // [directions × count]: each row holds every vector's projection on one direction. Read
      // outside tidy: tidy walks a returned typed array element by element (~1 s per 10⁶ values).
      const products = tf.tidy(() => {
        const unit = tf.tensor2d(directions, [directionsPerRepeat, dimension]);
        return [tf.matMul(unit, matrixA, false, true), tf.matMul(unit, matrixB, false, true)] as const;
      });
      const projectedA = products[0].dataSync() as Float32Array;
      const projectedB = products[1].dataSync() as Float32Array;
      tf.dispose(products);
      sortRows([projectedA, projectedB], count);
      let sum = 0;
      for (let d = 0; d < directionsPerRepeat; d++) {
        const pa = projectedA.subarray(d * count, (d + 1) * count);
        const pb = projectedB.subarray(d * count, (d + 1) * count);
        for (let i = 0; i < count; i++) sum += Math.abs(pa[i]! - pb[i]!);
      }
      total += sum / (count * directionsPerRepeat);
    }
  } finally {
    matrixA.dispose();
    matrixB.dispose();
  }
  return total / repeats;
}

/**
 * ProGAN's sliced Wasserstein distance between image sets (Karras et al. 2018, after Rabin et
 * al. 2011): Laplacian pyramid levels down to 16 px, 128 random 7×7 neighbourhoods per image
 * per level, normalized per channel, 4 × 128 random projections. Reported ×10³ per level
 * (finest first) and averaged. Seeded: the same inputs and seed give the same numbers.
 */
export function slicedWassersteinDistance(
  real: ImageStack,
  fake: ImageStack,
  options: SwdOptions = {},
): { perLevel: number[]; average: number } {
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
