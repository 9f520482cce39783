import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage } from '../stage/define-stage.ts';
import { NUMBER_PORT } from '../stage/port-types.ts';

/** x → scale·x + shift, on each number: a pure map stage. */
export const affine = defineStage({
  name: 'toy/affine',
  summary: 'Maps each number x to scale·x + shift',
  params: Type.Object(
    {
      scale: Type.Number({ default: 1, description: 'multiplies x' }),
      shift: Type.Number({ default: 0, description: 'is added after scaling' }),
    },
    { additionalProperties: false },
  ),
  input: NUMBER_PORT,
  output: NUMBER_PORT,
  example: `
numbers: { use: toy/count, with: { count: 3 } }
doubled: { use: toy/affine, from: numbers, with: { scale: 2 } }
sink:    { use: toy/record, from: doubled }`,
  create: ({ scale, shift }) => map((x: number) => scale * x + shift),
});
