import type { Random } from './random.ts';
import type { WorkTracker } from './work-tracker.ts';

/** Facts of the run that every stage may read. */
export interface RunInfo {
  readonly name: string;
  readonly seed: number;
  /** The backend asked for in the pipeline or on the command line. */
  readonly backend: string;
  /** The run directory, or undefined for a run that writes nothing (tests, `validate`). */
  readonly directory: string | undefined;
  readonly configHash: string;
  readonly maxSteps: number | undefined;
}

/** What a stage gets when it is created for a run. */
export interface StageContext {
  /** The stage's id in the graph (`d`, or `prep/norm` inside a group instance). */
  readonly stage: string;
  readonly run: RunInfo;
  /** Items taken from the sources so far. */
  step(): number;
  /** The stage's own random stream (or a named sub-stream of it), derived from the run seed. */
  random(stream?: string): Random;
  /** Records a value in `events.jsonl` (and on the progress display). */
  emit(name: string, value: unknown): void;
  /** A line for the person watching the run. */
  log(message: string): void;
  /** Counts items held by asynchronous work; use `mapAwait`, which does it for you. */
  readonly work: WorkTracker;
  /** Aborted when the run is asked to stop (Ctrl-C): finish the current item, then flush. */
  readonly signal: AbortSignal;
}
