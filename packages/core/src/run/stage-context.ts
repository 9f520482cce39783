import type { ComponentKind } from '../registry/catalog.ts';
import type { Random } from './random.ts';
import type { Checkpointable, SharedKey } from './run-state.ts';
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
  /** Async work to finish before the first item is pulled. */
  beforeStart(task: () => Promise<void>): void;
  /**
   * Registers state this stage owns for checkpoints, under a name unique in the run
   * (`optimizer:d`); on a resumed run, `restore` is called from the checkpoint before the
   * first item. The checkpoint stage saves every registered one.
   */
  checkpointable(name: string, state: Checkpointable): void;
  /** Every registered checkpointable state, by name, in registration order. */
  checkpointables(): ReadonlyMap<string, Checkpointable>;
  /** Makes `value` what other stages read under `key` for the rest of the run. */
  share<T>(key: SharedKey<T>, value: T): void;
  /** What a stage shared under `key`, or undefined (the pipeline has no such stage, or it has not shared yet). */
  shared<T>(key: SharedKey<T>): T | undefined;
  /** Aborted when the run is asked to stop (Ctrl-C): finish the current item, then flush. */
  readonly signal: AbortSignal;
}
