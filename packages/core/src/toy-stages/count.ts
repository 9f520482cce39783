import { setTimeout as sleep } from 'node:timers/promises';
import { Type } from '@sinclair/typebox';
import { defineStage } from '../stage/define-stage.ts';
import { NUMBER_PORT } from '../stage/port-types.ts';

export const countParams = Type.Object(
  {
    from: Type.Number({ default: 1, description: 'the first number' }),
    count: Type.Integer({ minimum: 1, default: 10, description: 'how many numbers to produce' }),
    interval_ms: Type.Number({
      minimum: 0,
      default: 0,
      description: 'a pause before each number (to watch a run, or to stop one)',
    }),
  },
  { additionalProperties: false },
);

/** A source of consecutive numbers: the smallest thing that exercises pulling, stopping and `--max-steps`. */
export const count = defineStage({
  name: 'toy/count',
  summary: 'Produces the numbers from, from+1, … (count of them): a source for learning the engine',
  params: countParams,
  output: NUMBER_PORT,
  example: `
numbers: { use: toy/count, with: { from: 1, count: 5 } }
sink:    { use: toy/record, from: numbers }`,
  create: (params) => ({
    async *pull() {
      for (let i = 0; i < params.count; i++) {
        if (params.interval_ms > 0) await sleep(params.interval_ms);
        yield params.from + i;
      }
    },
  }),
});
