import { componentRegistry, type Catalog, type ComponentKind } from '../registry/catalog.ts';
import type { ModelDefinition } from '../stage/define-component.ts';
import { EventLog } from './event-log.ts';
import { Random } from './random.ts';
import type { RunInfo, StageContext } from './stage-context.ts';
import { TrainingClock } from './training-clock.ts';
import { WorkTracker } from './work-tracker.ts';
import type { Checkpointable, SharedKey } from './run-state.ts';

export interface ModelFactory {
  definition: ModelDefinition;
  params: Record<string, unknown>;
}

export interface RunContextOptions {
  info: RunInfo;
  /** Where `lookup` finds losses and metrics (the pipeline's catalog, plugins included). */
  catalog?: Catalog;
  /** The pipeline's `models:`, built when a stage first asks for one. */
  models?: ReadonlyMap<string, ModelFactory>;
  events?: EventLog;
  log?: (message: string) => void;
  signal?: AbortSignal;
  /** The step a resumed run starts at. */
  initialStep?: number;
  /** The training seconds a resumed run had already spent (its checkpoint records them). */
  initialTrainingSeconds?: number;
  /** Called with each model as soon as it is built (a resumed run loads its checkpointed weights here). */
  onModelBuilt?: (name: string, model: unknown) => void;
}

/** The run-wide state stages share: step count, events, randomness, the stop signal. */
export class RunContext {
  readonly info: RunInfo;
  readonly events: EventLog;
  /** Training time: stands still while exclusive work (an evaluation, a checkpoint) holds the run. */
  readonly clock: TrainingClock;
  readonly work: WorkTracker;
  readonly signal: AbortSignal;
  readonly #checkpointables = new Map<string, Checkpointable>();
  readonly #shared = new Map<string, unknown>();
  readonly #factories: ReadonlyMap<string, ModelFactory>;
  readonly #catalog: Catalog | undefined;
  readonly #models = new Map<string, unknown>();
  readonly #log: (message: string) => void;
  #step: number;
  readonly #onModelBuilt: ((name: string, model: unknown) => void) | undefined;
  readonly #startTasks: (() => Promise<void>)[] = [];
  readonly #latest = new Map<
    string,
    {
      value?: unknown;
      has: boolean;
      ended: boolean;
      waiters: { resolve: (value: unknown) => void; reject: (error: Error) => void }[];
    }
  >();

  constructor(options: RunContextOptions) {
    this.info = options.info;
    this.events = options.events ?? new EventLog();
    this.#log = options.log ?? (() => {});
    this.signal = options.signal ?? new AbortController().signal;
    this.#factories = options.models ?? new Map();
    this.#catalog = options.catalog;
    this.#step = options.initialStep ?? 0;
    this.clock = new TrainingClock(options.initialTrainingSeconds ?? 0);
    this.work = new WorkTracker((active) => (active ? this.clock.pause() : this.clock.resume()));
    this.#onModelBuilt = options.onModelBuilt;
  }

  /** Builds model `name` on first use (its random stream is named after it, `models.G`). */
  model<T = unknown>(name: string): T {
    if (!this.#models.has(name)) {
      const factory = this.#factories.get(name);
      if (!factory) throw new Error(`the pipeline defines no model '${name}'`);
      const model = factory.definition.create(factory.params as never, this.forStage(`models.${name}`));
      this.#models.set(name, model);
      this.#onModelBuilt?.(name, model);
    }
    return this.#models.get(name) as T;
  }

  lookup<T>(kind: ComponentKind, name: string): T {
    const definition = this.#catalog ? componentRegistry(this.#catalog, kind).get(name) : undefined;
    if (!definition) throw new Error(`no ${kind} named '${name}' is registered`);
    return definition as T;
  }

  /** Records a stage's latest output for the stages that read it as a side input. */
  publish(stage: string, value: unknown): void {
    const entry = this.#entry(stage);
    entry.value = value;
    entry.has = true;
    for (const waiter of entry.waiters.splice(0)) waiter.resolve(value);
  }

  /** The stage's output ended: readers still waiting for a first value never get one. */
  publishEnd(stage: string): void {
    const entry = this.#entry(stage);
    entry.ended = true;
    for (const waiter of entry.waiters.splice(0))
      waiter.reject(new Error(`stage '${stage}' ended before giving any output`));
  }

  sideInput<T>(stage: string): Promise<T> {
    const entry = this.#entry(stage);
    if (entry.has) return Promise.resolve(entry.value as T);
    if (entry.ended) return Promise.reject(new Error(`stage '${stage}' ended before giving any output`));
    return new Promise((resolve, reject) =>
      entry.waiters.push({ resolve: resolve as (value: unknown) => void, reject }),
    );
  }

  #entry(stage: string) {
    let entry = this.#latest.get(stage);
    if (!entry) {
      entry = { has: false, ended: false, waiters: [] };
      this.#latest.set(stage, entry);
    }
    return entry;
  }

  checkpointable(name: string, state: Checkpointable): void {
    if (this.#checkpointables.has(name)) throw new Error(`two stages keep checkpoint state named '${name}'`);
    this.#checkpointables.set(name, state);
    // Restored before the first item, in the order stages registered their state.
    const bundle = this.info.resumeFrom;
    if (bundle) this.#startTasks.push(async () => state.restore(bundle));
  }

  /** Runs (once) the tasks stages registered with beforeStart. */
  async runStartTasks(): Promise<void> {
    for (const task of this.#startTasks.splice(0)) await task();
  }

  freshModel<T>(name: string): T {
    const factory = this.#factories.get(name);
    if (!factory) throw new Error(`the pipeline defines no model '${name}'`);
    return factory.definition.create(factory.params as never, this.forStage(`models.${name}.copy`)) as T;
  }

  /** The models built so far, by name. */
  builtModels(): ReadonlyMap<string, unknown> {
    return this.#models;
  }

  /** A context outside any run directory: for library use of stages, and for tests. */
  static standalone(info: Partial<RunInfo> = {}, options: Omit<RunContextOptions, 'info'> = {}): RunContext {
    return new RunContext({
      info: {
        name: 'standalone',
        seed: 0,
        backend: 'auto',
        directory: undefined,
        configHash: '',
        maxSteps: undefined,
        maxSeconds: undefined,
        baseDirectory: process.cwd(),
        models: [],
        resumeFrom: undefined,
        ...info,
      },
      ...options,
    });
  }

  get step(): number {
    return this.#step;
  }

  advance(): void {
    this.#step += 1;
  }

  emit(stage: string, name: string, value: unknown): void {
    // train_time to the millisecond: what `granular compare --over time` draws metrics against.
    this.events.write({
      time: new Date().toISOString(),
      step: this.#step,
      train_time: Math.round(this.clock.seconds() * 1000) / 1000,
      stage,
      name,
      value,
    });
  }

  log(message: string): void {
    this.#log(message);
  }

  forStage(stage: string): StageContext {
    return {
      stage,
      run: this.info,
      step: () => this.#step,
      trainingSeconds: () => this.clock.seconds(),
      random: (stream) => Random.derive(this.info.seed, stream ? `${stage}:${stream}` : stage),
      emit: (name, value) => this.emit(stage, name, value),
      log: (message) => this.log(`[${stage}] ${message}`),
      work: this.work,
      signal: this.signal,
      model: (name) => this.model(name),
      freshModel: (name) => this.freshModel(name),
      lookup: (kind, name) => this.lookup(kind, name),
      beforeStart: (task) => void this.#startTasks.push(task),
      checkpointable: (name, state) => this.checkpointable(name, state),
      checkpointables: () => this.#checkpointables,
      share: (key, value) => void this.#shared.set(key.name, value),
      shared: <T>(key: SharedKey<T>) => this.#shared.get(key.name) as T | undefined,
      sideInput: (stage) => this.sideInput(stage),
    };
  }
}
