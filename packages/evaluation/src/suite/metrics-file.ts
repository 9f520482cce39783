import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@granular/core';

/** Adds values to a run's metrics.json (kept atomically), with the step they were measured at. */
export function recordMetrics(runDirectory: string, step: number, values: Record<string, number>): void {
  const file = join(runDirectory, 'metrics.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { values?: Record<string, number> }) : {};
  writeFileAtomic(file, `${JSON.stringify({ step, values: { ...(previous.values ?? {}), ...values } }, null, 2)}\n`);
}
