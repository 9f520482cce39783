import { Type } from '@sinclair/typebox';
import { map } from 'rxjs';
import { defineStage } from '../stage/define-stage.ts';
import { NUMBER_PORT, TEXT_PORT } from '../stage/port-types.ts';

/** Formats numbers as text: a stage whose output type differs from its input's. */
export const toText = defineStage({
  name: 'toy/to-text',
  summary: 'Formats each number with a template, `{x}` standing for the number',
  params: Type.Object(
    {
      template: Type.String({ default: '{x}', description: 'the text; {x} is replaced by the number' }),
      digits: Type.Integer({ minimum: 0, maximum: 20, default: 2, description: 'digits after the decimal point' }),
    },
    { additionalProperties: false },
  ),
  input: NUMBER_PORT,
  output: TEXT_PORT,
  example: `
numbers: { use: toy/count, with: { count: 3 } }
text:    { use: toy/to-text, from: numbers, with: { template: 'x = {x}' } }
sink:    { use: toy/record, from: text }`,
  create: ({ template, digits }) => map((x: number) => template.replaceAll('{x}', x.toFixed(digits))),
});
