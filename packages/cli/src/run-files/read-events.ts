import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent } from '@granular/core';

/** A run's events.jsonl in file order; a last line cut short by a crash is skipped. */
export function readEvents(runDirectory: string): RunEvent[] {
  const file = join(runDirectory, 'events.jsonl');
  if (!existsSync(file)) return [];
  const events: RunEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line) as RunEvent);
    } catch {
      // only the line being written when the process died can be incomplete
    }
  }
  return events;
}

/** The run's own bookkeeping (start and end, the announced run length): not results of the computation. */
export function isBookkeeping(event: RunEvent): boolean {
  return event.stage === 'run' || event.name === 'total_steps';
}
