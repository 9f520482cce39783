import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { WasmBackend } from './wasm-kernel-calls.ts';

type ReductionArgs = {
  inputs: { x: TensorInfo };
  backend: WasmBackend;
  attrs: { axis: number | number[]; keepDims: boolean };
};

/**
 * Sum and Mean over leading axes (the batch, or batch, rows and columns of NHWC: every bias
 * gradient and batch-norm statistic), in one pass that adds each row into per-column
 * accumulators. tfjs 4.22's wasm kernels reduce only innermost axes and first transpose
 * everything else, which made these reductions 60 of the wasm DCGAN step's milliseconds.
 * Other axes, and integer tensors, go to tfjs's kernels.
 */
function leadingAxesReduction(original: KernelConfig, divideByCount: boolean): KernelConfig {
  const reduce = (args: ReductionArgs): TensorInfo => {
    const { inputs, backend, attrs } = args;
    const { x } = inputs;
    const leading = leadingAxisCount(util.parseAxisParam(attrs.axis, x.shape), x.shape.length);
    if (leading === undefined || x.dtype !== 'float32') return original.kernelFunc(args as never) as TensorInfo;
    const rows = util.sizeFromShape(x.shape.slice(0, leading));
    const kept = x.shape.slice(leading);
    const out = backend.makeOutput(
      attrs.keepDims ? [...x.shape.slice(0, leading).map(() => 1), ...kept] : kept,
      'float32',
    );
    columnSums(backend.typedArrayFromHeap(x), rows, backend.typedArrayFromHeap(out), divideByCount ? rows : 1);
    return out;
  };
  return { ...original, kernelFunc: reduce as unknown as KernelFunc };
}

/** k when the axes are exactly 0 … k−1 and leave at least one axis; otherwise undefined. */
export function leadingAxisCount(axes: number[], rank: number): number | undefined {
  const sorted = [...axes].sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.length >= rank) return undefined;
  return sorted.every((axis, i) => axis === i) ? sorted.length : undefined;
}

/** target[c] = Σ_r source[r·C + c] / divisor, accumulated in double precision. */
export function columnSums(
  source: ArrayLike<number>,
  rows: number,
  target: { [index: number]: number; length: number },
  divisor: number,
): void {
  const columns = target.length;
  const sums = new Float64Array(columns);
  for (let r = 0; r < rows; r++) {
    const base = r * columns;
    for (let c = 0; c < columns; c++) sums[c]! += source[base + c]!;
  }
  for (let c = 0; c < columns; c++) target[c] = sums[c]! / divisor;
}

export const leadingAxesSum = (original: KernelConfig) => leadingAxesReduction(original, false);
export const leadingAxesMean = (original: KernelConfig) => leadingAxesReduction(original, true);
