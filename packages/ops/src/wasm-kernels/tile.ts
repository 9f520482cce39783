import { util, type DataType, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './wasm-kernel-calls.ts';

type Values = Float32Array | Int32Array | Uint8Array;

/**
 * Tile on the wasm heap by block copies. tfjs 4.22's wasm Tile computes every output element's
 * source index with divisions (92 ms to tile a [1,1,1,64] scale to [64,14,14,64] in batch
 * norm's gradient, a third of the DCGAN step's non-convolution time); here each run of values
 * is copied once and then doubled with copyWithin, at memory speed.
 */
function tile(args: { inputs: { x: TensorInfo }; backend: WasmBackend; attrs: { reps: number[] } }): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x } = inputs;
  const out = backend.makeOutput(
    x.shape.map((size, i) => size * attrs.reps[i]!),
    x.dtype as DataType,
  );
  if (util.sizeFromShape(out.shape) === 0) return out;
  // Views only after makeOutput, which may grow (and so move) the heap.
  tileInto(backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(out), ...mergedAxes(x.shape, attrs.reps));
  return out;
}

/**
 * The same tiling over fewer axes: an axis not repeated joins the one before it (tiling
 * [a, b] by [r, 1] is tiling [a·b] by [r]), and axes of size 1 not repeated vanish, so the
 * copies are as long as possible.
 */
export function mergedAxes(shape: readonly number[], reps: readonly number[]): [number[], number[]] {
  const sizes: number[] = [];
  const repeats: number[] = [];
  shape.forEach((size, axis) => {
    const rep = reps[axis]!;
    if (size === 1 && rep === 1) return;
    if (rep === 1 && sizes.length > 0) sizes[sizes.length - 1]! *= size;
    else {
      sizes.push(size);
      repeats.push(rep);
    }
  });
  return sizes.length > 0 ? [sizes, repeats] : [[1], [1]];
}

/** Writes `source` (of shape `sizes`) tiled by `repeats` into `target`, row-major. */
export function tileInto(source: Values, target: Values, sizes: number[], repeats: number[]): void {
  const rank = sizes.length;
  const sourceStride = new Array<number>(rank);
  const targetStride = new Array<number>(rank);
  sourceStride[rank - 1] = 1;
  targetStride[rank - 1] = 1;
  for (let axis = rank - 2; axis >= 0; axis--) {
    sourceStride[axis] = sourceStride[axis + 1]! * sizes[axis + 1]!;
    targetStride[axis] = targetStride[axis + 1]! * sizes[axis + 1]! * repeats[axis + 1]!;
  }
  const fill = (axis: number, from: number, to: number): void => {
    const size = sizes[axis]!;
    if (axis === rank - 1) target.set(source.subarray(from, from + size), to);
    else for (let i = 0; i < size; i++) fill(axis + 1, from + i * sourceStride[axis]!, to + i * targetStride[axis]!);
    repeatBlock(target, to, size * targetStride[axis]!, repeats[axis]!);
  };
  fill(0, 0, 0);
}

/** Repeats target[start, start + block) `times` times in place, doubling the copied length each pass. */
function repeatBlock(target: Values, start: number, block: number, times: number): void {
  const total = block * times;
  for (let filled = block; filled < total;) {
    const length = Math.min(filled, total - filled);
    target.copyWithin(start + filled, start, start + length);
    filled += length;
  }
}

export const tileConfig: KernelConfig = {
  kernelName: 'Tile',
  backendName: 'wasm',
  kernelFunc: tile as unknown as KernelFunc,
};
