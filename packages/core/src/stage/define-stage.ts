import type { Static, TObject } from '@sinclair/typebox';
import type { OperatorFunction } from 'rxjs';
import type { StageContext } from '../run/stage-context.ts';
import type { DataOrigin } from '../graph/stage-chain.ts';
import type { ComponentKind } from '../registry/catalog.ts';
import { toPort, type Port } from './port-types.ts';
import type { ModelDefinition } from './define-component.ts';

/** What a source stage returns: items are pulled from it, one at a time, as the run needs them. */
export interface StageSource<Out> {
  pull(): AsyncIterable<Out>;
}

/**
 * What a stage returns when each input item opens a stream of many outputs (a dataset becomes
 * batches): the outputs are pulled one at a time like a source's, never pushed all at once.
 */
export interface StageExpansion<In, Out> {
  expand(item: In): AsyncIterable<Out>;
}

export type StageBehaviour<In, Out> = StageSource<Out> | StageExpansion<In, Out> | OperatorFunction<In, Out>;

export interface StageProblem {
  /** Under `with:`, e.g. ['r1']. */
  path: (string | number)[];
  message: string;
  hint?: string;
}

export interface StageValidationContext {
  /** The pipeline's models: their definitions and validated parameters. */
  models: ReadonlyMap<string, { definition: ModelDefinition; params: Record<string, unknown> }>;
  /** The output type of the stage this one reads. */
  inputType: Port | undefined;
  /** The source at the root of the chain a named stage reads (`test-scaled` → data/mnist, split test), with the data set it declares. */
  origin(stage: string): DataOrigin | undefined;
  /** A registered loss, metric or penalty (plugins' included), as the run's `lookup` will find it; undefined when unknown. */
  lookup<T = unknown>(kind: ComponentKind, name: string): T | undefined;
}

export interface StageDefinition<Params extends TObject = TObject, In = any, Out = any> {
  readonly kind: 'stage';
  /** `area/verb-or-noun`, as written after `use:` in a pipeline. */
  readonly name: string;
  /** One line for `granular stages` and the stage reference. */
  readonly summary: string;
  /** Longer text for the stage reference (markdown). */
  readonly description?: string;
  /** JSON Schema of the `with:` parameters; their TypeScript type follows from it. */
  readonly params: Params;
  /** The type of the one input port; a stage without input is a source. */
  readonly input?: Port;
  readonly output: Port;
  /**
   * For a source of images: the data set it gives, by the name metrics know it under (`mnist`):
   * which classifier's features mean something for its images. Folders and synthetic data have none.
   */
  readonly dataset?: string;
  /** Each item this stage produces is one step of the run (a training batch): `--max-steps` counts these. */
  readonly steps?: boolean;
  /** A pipeline fragment (the `stages:` entries) that shows the stage in use; the docs test runs it through validation. */
  readonly example: string;
  /**
   * Checks that need more than the parameter schema: the pipeline's models, the type of the
   * stage's input. Each problem names a path under `with:`.
   */
  validate?(params: Static<Params>, pipeline: StageValidationContext): StageProblem[];
  /** Given validated parameters (defaults filled in) and the run context, makes the stage's behaviour for one run. */
  create(params: Static<Params>, context: StageContext): StageBehaviour<In, Out>;
}

/**
 * Declares a stage. The result is a plain object; nothing is registered until a package's
 * `contribution` (or a plugin module) lists it.
 *
 * @example
 * export const affine = defineStage({
 *   name: 'toy/affine', summary: 'x → scale·x + shift',
 *   params: Type.Object({ scale: Type.Number({ default: 1 }) }, { additionalProperties: false }),
 *   input: 'Number', output: 'Number', example: '...',
 *   create: ({ scale }) => map((x: number) => scale * x),
 * });
 */
export function defineStage<Params extends TObject, In = any, Out = any>(
  definition: Omit<StageDefinition<Params, In, Out>, 'kind' | 'input' | 'output'> & {
    /** A port, or its name (`'Number'`, `'Batch|Pyramid'`). */
    input?: Port<In> | string;
    output: Port<Out> | string;
  },
): StageDefinition<Params, In, Out> {
  const { input, output, ...rest } = definition;
  return { kind: 'stage', ...rest, ...(input !== undefined ? { input: toPort(input) } : {}), output: toPort(output) };
}

export function isStageSource<Out>(behaviour: StageBehaviour<unknown, Out>): behaviour is StageSource<Out> {
  return (
    typeof behaviour === 'object' && behaviour !== null && typeof (behaviour as StageSource<Out>).pull === 'function'
  );
}

export function isStageExpansion<In, Out>(behaviour: StageBehaviour<In, Out>): behaviour is StageExpansion<In, Out> {
  return (
    typeof behaviour === 'object' &&
    behaviour !== null &&
    typeof (behaviour as StageExpansion<In, Out>).expand === 'function'
  );
}
