import type { StageProblem, StageValidationContext } from '@granular/core';
import { BATCH_PORT, PYRAMID_PORT } from '@granular/data';

/**
 * Validation shared by the train stages: a discriminator that judges pyramids must read a
 * Pyramid stream, and one that judges single images must not; `secondOrder` penalties (those
 * that declare it) need a discriminator with correct second derivatives.
 */
export function discriminatorProblems(
  params: { discriminator: string },
  pipeline: StageValidationContext,
  secondOrder: readonly { name: string; path: (string | number)[] }[] = [],
): StageProblem[] {
  const entry = pipeline.models.get(params.discriminator);
  if (!entry) return [];
  const problems: StageProblem[] = [];
  const wants = entry.definition.input ?? BATCH_PORT.name;
  const reads = pipeline.inputType?.name;
  if (reads === BATCH_PORT.name || reads === PYRAMID_PORT.name) {
    if (wants !== reads) {
      problems.push({
        path: ['discriminator'],
        message: `model '${params.discriminator}' (${entry.definition.name}) judges a ${wants}, but this stage reads a ${reads}`,
        hint:
          wants === PYRAMID_PORT.name
            ? 'read from a features/pyramid stage placed after the batches'
            : 'read the batches directly, not a pyramid',
      });
    }
  }
  for (const { name, path } of secondOrder) {
    const reason = entry.definition.secondOrder
      ? entry.definition.secondOrder(entry.params as never)
      : `${entry.definition.name} does not declare that it supports second derivatives`;
    if (reason)
      problems.push({
        path,
        message: `${name} needs the second derivative of '${params.discriminator}', but ${reason}`,
        hint: `remove the ${name} penalty, or change the discriminator`,
      });
  }
  return problems;
}

/**
 * G and D must be conditional on the same classes, or both unconditional (read from the
 * built-in models' `classes:`; a plugin model is checked when training starts).
 */
export function conditioningProblems(
  params: { generator: string; discriminator: string },
  pipeline: StageValidationContext,
): StageProblem[] {
  const classes = (name: string) => {
    const entry = pipeline.models.get(name);
    return entry ? { known: true, value: (entry.params as { classes?: number }).classes } : { known: false };
  };
  const g = classes(params.generator);
  const d = classes(params.discriminator);
  if (!g.known || !d.known || g.value === d.value) return [];
  const describe = (name: string, value: number | undefined) =>
    value === undefined ? `'${name}' is unconditional` : `'${name}' has classes: ${value}`;
  return [
    {
      path: ['discriminator'],
      message: `${describe(params.generator, g.value)}, but ${describe(params.discriminator, d.value)}`,
      hint: 'give both models the same classes: (or neither)',
    },
  ];
}
