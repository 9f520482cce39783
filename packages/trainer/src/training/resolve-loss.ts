import { componentParameters, UserError, type StageContext } from '@granular/core';
import type { AdversarialLoss, LossDefinition } from '@granular/losses';

/** The registered loss `name`, created with its parameters (checked against its schema, defaults filled in). */
export function resolveLoss(context: StageContext, name: string, params: Record<string, unknown>): AdversarialLoss {
  const definition = context.lookup<LossDefinition>('loss', name);
  const { params: values, problems } = componentParameters(definition, params);
  if (problems.length > 0)
    throw new UserError(
      `loss_params for ${name}: ${problems.join('; ')}`,
      `see the parameters of '${name}' in docs/losses.md`,
    );
  return definition.create(values as never);
}
