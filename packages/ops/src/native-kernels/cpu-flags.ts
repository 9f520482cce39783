import { readFileSync } from 'node:fs';

/** The CPU's feature flags as Linux lists them (/proc/cpuinfo), or undefined where it cannot be read. */
export function cpuFlags(): Set<string> | undefined {
  try {
    const line = /^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
    return line === undefined ? undefined : new Set(line.trim().split(/\s+/));
  } catch {
    return undefined;
  }
}

/**
 * What x86-64-v3, the level Granular's TensorFlow kernels are compiled for (so that one build
 * runs on every machine of that level, AVX-512 or not), needs beyond the base: loading them on
 * a CPU without these would end the process on an illegal instruction.
 */
export const X86_64_V3_FLAGS = ['avx', 'avx2', 'fma', 'bmi1', 'bmi2', 'f16c', 'movbe', 'abm'] as const;

/** The x86-64-v3 flags this CPU lacks ([] where all are present or the flags cannot be read: the build itself ran here). */
export function missingX86_64V3Flags(flags = cpuFlags()): string[] {
  return flags ? X86_64_V3_FLAGS.filter((flag) => !flags.has(flag)) : [];
}
