/** The shape of a pipeline file after `extends:` and `--set` are applied and the schema has passed. */
export interface PipelineSpec {
  name: string;
  description?: string;
  seed: number;
  backend: Backend;
  plugins?: string[];
  groups?: string[];
  models?: Record<string, ComponentSpec>;
  stages: Record<string, StageSpec>;
  engine: EngineSettings;
}

/** The `sweep:` block: what `granular sweep` expands the pipeline into. */
export interface SweepSpec {
  /** Dotted pipeline paths (as for --set) and the values each takes. */
  grid?: Record<string, unknown[]>;
  seeds?: number[];
  jobs?: number;
}

export const BACKENDS = ['auto', 'node', 'wasm', 'cpu'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface ComponentSpec {
  use: string;
  with?: Record<string, unknown>;
  description?: string;
}

export interface StageSpec extends ComponentSpec {
  /** The stage whose output this one reads; absent for sources. */
  from?: string;
  /** Run on every N-th input item only. */
  every?: number;
  /** Run when another N seconds of training have passed (evaluations and checkpoints not counted). */
  every_seconds?: number;
  /** With `every` or `every_seconds`, also pass the final item, so that end-of-run work (a last checkpoint) happens. */
  last?: boolean;
}

export interface EngineSettings {
  /** Items a source may produce ahead of what the graph has taken. */
  prefetch: number;
  /** Items the graph may hold in asynchronous stages before the sources wait. */
  in_flight: number;
}

/** Names of stages and models: short identifiers, so that `a.b.c` paths and Mermaid ids stay unambiguous. */
export const LOCAL_NAME_PATTERN = '^[A-Za-z_][A-Za-z0-9_-]*$';
export const PIPELINE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
