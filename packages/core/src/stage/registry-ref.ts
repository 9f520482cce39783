import { Type, type StringOptions, type TString } from '@sinclair/typebox';

/**
 * What a parameter names: one of the pipeline's `models:`, a registered loss or metric, or
 * another stage of the pipeline whose latest output this stage reads as a side input.
 */
export type RefKind = 'model' | 'loss' | 'metric' | 'penalty' | 'stage';

export const REF_KEYWORD = 'x-granular-ref';
/** For a side input (`registryRef('stage', { port })`): the port type the named stage must give. */
export const PORT_KEYWORD = 'x-granular-port';

/**
 * A string parameter that names something: validation checks, before the run, that the name
 * exists (a model of the pipeline, a registered loss or metric) and suggests the closest.
 */
export function registryRef(kind: RefKind, options: StringOptions & { port?: string } = {}): TString {
  const { port, ...rest } = options;
  return Type.String({ minLength: 1, ...rest, [REF_KEYWORD]: kind, ...(port ? { [PORT_KEYWORD]: port } : {}) });
}
