import type { Static, TObject } from '@sinclair/typebox';
import type { StageContext } from '../run/stage-context.ts';

/**
 * Models, losses and metrics are named in YAML and resolved through registries just like
 * stages: a name, a summary and a parameter schema, plus what the kind needs.
 */
export interface ComponentDefinition<Params extends TObject = TObject> {
  readonly kind: 'model' | 'loss' | 'metric' | 'penalty';
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  readonly params: Params;
}

export interface ModelDefinition<
  Params extends TObject = TObject,
  Model = unknown,
> extends ComponentDefinition<Params> {
  readonly kind: 'model';
  /** What a discriminator judges: `Batch` (one image per example, the default) or `Pyramid` (every scale at once). */
  readonly input?: string;
  /**
   * Why the model, with these parameters, cannot be differentiated twice (a layer tfjs has no
   * second derivative for), or undefined when it can: penalties such as R1 need it.
   */
  secondOrder?(params: Static<Params>): string | undefined;
  /** Builds a fresh model from validated parameters; randomness comes from the context. */
  create(params: Static<Params>, context: StageContext): Model;
}

export function defineModel<Params extends TObject, Model>(
  definition: Omit<ModelDefinition<Params, Model>, 'kind'>,
): ModelDefinition<Params, Model> {
  return { kind: 'model', ...definition };
}
