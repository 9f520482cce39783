import { checkValue } from '../schema/ajv-instance.ts';
import { paramsSchema } from '../schema/pipeline-schema.ts';
import type { ComponentDefinition } from './define-component.ts';

/**
 * A loss's, metric's or penalty's parameters as given in YAML (`loss_params`, `metric_params.<name>`,
 * a penalty's `with:`), checked against its schema with the defaults filled in, and the problems
 * found (none when valid). The given object is not changed.
 */
export function componentParameters(
  definition: ComponentDefinition,
  given: unknown,
): { params: Record<string, unknown>; problems: string[] } {
  const params = structuredClone((given ?? {}) as Record<string, unknown>);
  return { params, problems: checkValue(paramsSchema(definition.params), params) };
}
