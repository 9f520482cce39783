import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';
import { fastBatchMatMul } from './batch-mat-mul.ts';
import { conv2dBackpropFilterConfig } from './conv2d-backprop-filter.ts';
import { conv2dBackpropInputConfig } from './conv2d-backprop-input.ts';

/** Our wasm kernels: what tfjs 4.22's wasm backend lacks or runs too slowly to train models. */
export const WASM_KERNEL_NAMES = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'BatchMatMul'] as const;

let registered = false;

/** Registers (replacing tfjs's own where it has one) our wasm kernels, once per process. */
export function registerWasmKernels(): void {
  if (registered) return;
  const original = getKernel('BatchMatMul', 'wasm');
  const configs: KernelConfig[] = [conv2dBackpropFilterConfig, conv2dBackpropInputConfig];
  if (original) configs.push(fastBatchMatMul(original));
  for (const config of configs) {
    if (getKernel(config.kernelName, 'wasm')) unregisterKernel(config.kernelName, 'wasm');
    registerKernel(config);
  }
  registered = true;
}
