// A plugin: a module that exports the stages (models, losses, metrics) it adds. Pipelines
// list it under `plugins:`; its stages are validated, listed and run like built-in ones.
import { Type } from '@sinclair/typebox';
import { defineStage } from '@granular/core';
import { map } from 'rxjs';

const clamp = defineStage({
  name: 'example/clamp',
  summary: 'Limits each number to [min, max]',
  params: Type.Object(
    {
      min: Type.Number({ default: 0, description: 'smallest value let through' }),
      max: Type.Number({ default: 1, description: 'largest value let through' }),
    },
    { additionalProperties: false },
  ),
  input: 'Number',
  output: 'Number',
  example: `
numbers: { use: toy/count, with: { count: 5 } }
clamped: { use: example/clamp, from: numbers, with: { min: 2, max: 4 } }
sink:    { use: toy/record, from: clamped }`,
  create: ({ min, max }) => map((x: number) => Math.min(max, Math.max(min, x))),
});

export const stages = [clamp];
