/**
 * State a stage owns that a checkpoint must carry (an optimizer's moments, a moving average, a
 * model's weights): the stage registers it with `context.checkpointable(name, …)`; the
 * checkpoint stage saves every registered one into the bundle it writes, and a resumed run
 * restores each from the bundle it continues from, before the first item.
 */
export interface Checkpointable {
  /** Writes the state into `bundle` (a checkpoint folder being written). */
  save(bundle: string): Promise<void>;
  /** Reads it back from `bundle` (the checkpoint a resumed run continues from). */
  restore(bundle: string): Promise<void> | void;
}

/**
 * A typed name for something one stage shares with others within a run (the moving average of
 * a model, read by the evaluation stages): the owner exports the key, readers import it, and
 * the type travels with it instead of a cast at each reader.
 */
export interface SharedKey<T> {
  readonly name: string;
  /** Never set: carries the type. */
  readonly type?: T;
}

export function sharedKey<T>(name: string): SharedKey<T> {
  return { name };
}
