export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Merges `child` over `base`: mappings merge key by key, anything else in the child replaces
 * the base's value, and a child's `null` removes the key (so a pipeline can drop a stage it
 * inherited). Neither input is modified.
 */
export function deepMerge(base: Record<string, unknown>, child: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(child)) {
    const inherited = merged[key];
    if (value === null) delete merged[key];
    else if (isPlainObject(value) && isPlainObject(inherited)) merged[key] = deepMerge(inherited, value);
    else merged[key] = structuredClone(value);
  }
  return merged;
}
