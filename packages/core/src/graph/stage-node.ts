import type { SourceLocation } from '../errors/source-location.ts';
import type { Locate } from '../schema/schema-errors.ts';
import type { StageDefinition } from '../stage/define-stage.ts';

/** One stage of the expanded graph: groups are gone, edges point at node ids. */
export interface StageNode {
  /** Unique in the graph; inner stages of a group instance `prep` are `prep/<inner>`. */
  readonly id: string;
  readonly use: string;
  readonly definition: StageDefinition;
  /** The node whose output this one reads; absent for sources. */
  readonly from?: string;
  /** `with:` validated, defaults filled in. */
  readonly params: Record<string, unknown>;
  readonly every?: number;
  /** `every_seconds:` of training time. */
  readonly everySeconds?: number;
  readonly last: boolean;
  /** Enclosing group instances, outermost first (for `granular graph`). */
  readonly groups: readonly string[];
  /** Where the stage is written (its key in `stages:`). */
  readonly location: SourceLocation;
  /** The stage entry's path in the file that declares it (`stages.d`). */
  readonly path: string;
  /** Locates a path relative to the stage's entry (`['with', 'size']`). */
  readonly locate: Locate;
  /** For a group's inner stage that reads `$input`: where the group instance's `from:` is written. */
  readonly inputVia?: SourceLocation;
}

/** A validated, expanded pipeline graph in topological order (every node after the one it reads). */
export interface PipelineGraph {
  readonly nodes: readonly StageNode[];
  readonly byId: ReadonlyMap<string, StageNode>;
  /** Node id → ids of the nodes that read its output. */
  readonly consumers: ReadonlyMap<string, readonly string[]>;
  /** Group instance id → the group's name, for grouping in `granular graph`. */
  readonly groupInstances: ReadonlyMap<string, string>;
}
