import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** `20261127T163005Z`: sorts by time, safe in file names on every system. */
export function compactUtcTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/** `base`, or `base-2`, `base-3`, … : the first that does not exist yet. */
export function freePath(base: string): string {
  let path = base;
  for (let attempt = 2; existsSync(path); attempt++) path = `${base}-${attempt}`;
  return path;
}

/**
 * Creates `<root>/<pipeline>/<UTC time>-<hash8>/` (or exactly `out` when given) and returns
 * its path. Two runs in the same second get distinct directories.
 */
export function createRunDirectory(options: {
  root: string;
  pipeline: string;
  configHash: string;
  out?: string;
  now?: Date;
}): string {
  if (options.out) {
    mkdirSync(options.out, { recursive: true });
    return options.out;
  }
  const directory = freePath(
    join(
      options.root,
      options.pipeline,
      `${compactUtcTime(options.now ?? new Date())}-${options.configHash.slice(0, 8)}`,
    ),
  );
  mkdirSync(directory, { recursive: true });
  return directory;
}
