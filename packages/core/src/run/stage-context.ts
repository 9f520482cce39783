import type { ComponentKind } from '../registry/catalog.ts';
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
  /** The training-time budget in seconds (`--max-time`), if any. */
  readonly maxSeconds: number | undefined;
  /** The directory of the pipeline file: relative paths in stage parameters are resolved against it. */
  readonly baseDirectory: string;
  /** Names of the pipeline's `models:`. */
  readonly models: readonly string[];
  /** When resuming: the checkpoint directory the run continues from (its step is the context's first step). */
  readonly resumeFrom: string | undefined;
}

/** What a stage gets when it is created for a run. */
export interface StageContext {
  /** The stage's id in the graph (`d`, or `prep/norm` inside a group instance). */
  readonly stage: string;
  readonly run: RunInfo;
  /** Items taken from the sources so far. */
  step(): number;
  /** Seconds of training so far: wall time less the time evaluations and checkpoints held the run still. */
  trainingSeconds(): number;
  /** The stage's own random stream (or a named sub-stream of it), derived from the run seed. */
  random(stream?: string): Random;
  /** Records a value in `events.jsonl` (and on the progress display). */
  emit(name: string, value: unknown): void;
  /** A line for the person watching the run. */
  log(message: string): void;
  /** Counts items held by asynchronous work; use `mapAwait`, which does it for you. */
  readonly work: WorkTracker;
  /** The pipeline's model `name` (from `models:`), built on first use and shared by every stage. */
  model<T = unknown>(name: string): T;
  /** A new, separate instance of model `name` (same definition and parameters): an EMA shadow. */
  freshModel<T = unknown>(name: string): T;
  /** A registered loss or metric definition by name (plugins' included); validation has checked it exists. */
  lookup<T = unknown>(kind: ComponentKind, name: string): T;
  /** The latest output of another stage (named by a `registryRef('stage')` parameter); waits for its first. */
  sideInput<T = unknown>(stage: string): Promise<T>;
  /** Async work to finish before the first item is pulled (restoring optimizer state on resume). */
  beforeStart(task: () => Promise<void>): void;
  /** Objects stages share within the run (optimizers, EMA weights): what checkpoints save. */
  readonly resources: Map<string, unknown>;
  /** Aborted when the run is asked to stop (Ctrl-C): finish the current item, then flush. */
  readonly signal: AbortSignal;
}
