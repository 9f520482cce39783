import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where a run is, from the end of its events.jsonl, read without loading the whole file (it
 * grows to megabytes): its last step and the latest value of each number logged there.
 */
export function eventsTail(runDirectory: string, bytes = 8192): { step?: number; values: Record<string, number> } {
  const file = join(runDirectory, 'events.jsonl');
  if (!existsSync(file)) return { values: {} };
  const size = statSync(file).size;
  const length = Math.min(size, bytes);
  const buffer = Buffer.alloc(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buffer, 0, length, size - length);
  } finally {
    closeSync(fd);
  }
  const values: Record<string, number> = {};
  let step: number | undefined;
  // The first line may be cut; every whole line is one event.
  for (const line of buffer
    .toString('utf8')
    .split('\n')
    .slice(size > length ? 1 : 0)) {
    if (!line.trim()) continue;
    try {
      const event = JSON.parse(line) as { step: number; stage: string; name: string; value: unknown };
      step = event.step;
      if (typeof event.value === 'number' && event.stage !== 'run')
        values[`${event.stage}.${event.name}`] = event.value;
    } catch {
      // a line being written
    }
  }
  return step === undefined ? { values } : { step, values };
}
