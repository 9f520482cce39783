/**
 * Keys that reach an object's prototype machinery when assigned: a pipeline key path (from a
 * file or `--set`) with one of them could change every object of the process. No key of a
 * pipeline, group or override may be one of these.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first reserved key in a parsed value, depth first, or undefined. */
export function findReservedKey(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findReservedKey(item, [...path, index]);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const key of Object.keys(value)) {
    if (RESERVED_KEYS.has(key)) return [...path, key];
    const found = findReservedKey((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return undefined;
}

/** The path of the first number that is not finite (`.inf`, `1e400`, `.nan`): no parameter means it. */
export function findNonFinite(value: unknown, path: (string | number)[] = []): (string | number)[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = findNonFinite(inner, [...path, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return undefined;
}
