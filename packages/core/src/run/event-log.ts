import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RunEvent {
  /** ISO-8601 UTC. */
  time: string;
  /** Source items taken so far when the event happened (the run's step count). */
  step: number;
  /** Seconds of training so far (evaluations and checkpoints not counted); absent in runs made before it was recorded. */
  train_time?: number;
  stage: string;
  name: string;
  value: unknown;
}

export type EventListener = (event: RunEvent) => void;

/**
 * `events.jsonl`: one JSON object a line, written as it happens (a synchronous append, so a
 * crash loses no event that was reported), and passed to listeners such as the progress bar.
 */
export class EventLog {
  #fd: number | undefined;
  readonly #listeners: EventListener[] = [];

  constructor(path?: string) {
    if (path) {
      mkdirSync(dirname(path), { recursive: true });
      this.#fd = openSync(path, 'a');
    }
  }

  listen(listener: EventListener): void {
    this.#listeners.push(listener);
  }

  write(event: RunEvent): void {
    if (this.#fd !== undefined) writeSync(this.#fd, `${JSON.stringify(event)}\n`);
    for (const listener of this.#listeners) listener(event);
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
