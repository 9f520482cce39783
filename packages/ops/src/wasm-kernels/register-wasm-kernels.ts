import { replaceKernels, type KernelWrapper } from '../backend/replace-kernels.ts';
import { fastBatchMatMul } from './batch-mat-mul.ts';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.ts';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.ts';
import { identityConfig } from './identity.ts';
import { leakyReluThroughPrelu } from './leaky-relu.ts';
import { leadingAxesMean, leadingAxesSum } from './leading-axes-reductions.ts';
import { tileConfig } from './tile.ts';

/** Our wasm kernels: what tfjs 4.22's wasm backend lacks or runs too slowly to train models. */
export const WASM_KERNEL_NAMES = [
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'BatchMatMul',
  'Tile',
  'Identity',
  'Sum',
  'Mean',
  'LeakyRelu',
] as const;

let registered = false;

/** Registers (replacing tfjs's own where it has one) our wasm kernels, once per process. */
export function registerWasmKernels(): void {
  if (registered) return;
  // The wrappers keep tfjs's own kernel for the cases they leave to it.
  const wrappers: KernelWrapper[] = [
    ['BatchMatMul', fastBatchMatMul],
    ['Sum', leadingAxesSum],
    ['Mean', leadingAxesMean],
    ['LeakyRelu', leakyReluThroughPrelu],
  ];
  replaceKernels('wasm', [conv2dBackpropFilterConfig, conv2dBackpropInputConfig, tileConfig, identityConfig], wrappers);
  registered = true;
}
