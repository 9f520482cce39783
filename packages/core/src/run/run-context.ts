import { EventLog } from './event-log.ts';
import { Random } from './random.ts';
import type { RunInfo, StageContext } from './stage-context.ts';
import { WorkTracker } from './work-tracker.ts';

export interface RunContextOptions {
  info: RunInfo;
  events?: EventLog;
  log?: (message: string) => void;
  signal?: AbortSignal;
}

/** The run-wide state stages share: step count, events, randomness, the stop signal. */
export class RunContext {
  readonly info: RunInfo;
  readonly events: EventLog;
  readonly work = new WorkTracker();
  readonly signal: AbortSignal;
  readonly #log: (message: string) => void;
  #step = 0;

  constructor(options: RunContextOptions) {
    this.info = options.info;
    this.events = options.events ?? new EventLog();
    this.#log = options.log ?? (() => {});
    this.signal = options.signal ?? new AbortController().signal;
  }

  get step(): number {
    return this.#step;
  }

  advance(): void {
    this.#step += 1;
  }

  emit(stage: string, name: string, value: unknown): void {
    this.events.write({ time: new Date().toISOString(), step: this.#step, stage, name, value });
  }

  log(message: string): void {
    this.#log(message);
  }

  forStage(stage: string): StageContext {
    return {
      stage,
      run: this.info,
      step: () => this.#step,
      random: (stream) => Random.derive(this.info.seed, stream ? `${stage}:${stream}` : stage),
      emit: (name, value) => this.emit(stage, name, value),
      log: (message) => this.log(`[${stage}] ${message}`),
      work: this.work,
      signal: this.signal,
    };
  }
}
