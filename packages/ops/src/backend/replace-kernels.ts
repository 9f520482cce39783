import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs';

/** A wrapper of a backend's own kernel: it takes the cases it does better and hands the rest to the original. */
export type KernelWrapper = [kernelName: string, wrap: (original: KernelConfig) => KernelConfig];

/**
 * Registers our kernels on a backend, replacing its own where it has one: `configs` as they
 * are, and each wrapper around the backend's kernel of that name (skipped if it has none).
 */
export function replaceKernels(backendName: string, configs: KernelConfig[], wrappers: KernelWrapper[]): void {
  const all = [...configs];
  for (const [name, wrap] of wrappers) {
    const original = getKernel(name, backendName);
    if (original) all.push(wrap(original));
  }
  for (const config of all) {
    if (getKernel(config.kernelName, backendName)) unregisterKernel(config.kernelName, backendName);
    registerKernel({ ...config, backendName });
  }
}
