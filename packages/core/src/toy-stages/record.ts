import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { EMPTY, ignoreElements, concatWith, defer } from 'rxjs';
import { mapAwait } from '../execute/map-await.ts';
import { writeFileAtomic } from '../run/atomic-write.ts';
import { defineStage } from '../stage/define-stage.ts';
import { outputFileParam } from '../stage/path-params.ts';
import { ANY_PORT, NONE_PORT } from '../stage/port-types.ts';

/**
 * A sink that records every item in `events.jsonl` and, when its input completes (at the end,
 * or after Ctrl-C), writes them all to a JSON file in the run directory: the flush that a
 * checkpoint stage also relies on.
 */
export const record = defineStage({
  name: 'toy/record',
  summary: 'Records each item as an event, and all of them to a JSON file in the run directory when the stream ends',
  params: Type.Object(
    {
      file: outputFileParam({ default: 'recorded.json', description: 'file name inside the run directory' }),
      delay_ms: Type.Number({ minimum: 0, default: 0, description: 'simulated work per item (a slow consumer)' }),
    },
    { additionalProperties: false },
  ),
  input: ANY_PORT,
  output: NONE_PORT,
  example: `
numbers: { use: toy/count, with: { count: 3 } }
sink:    { use: toy/record, from: numbers, with: { file: numbers.json } }`,
  create: (params, context) => {
    const items: unknown[] = [];
    const flush = defer(() => {
      if (context.run.directory)
        writeFileAtomic(join(context.run.directory, params.file), `${JSON.stringify(items)}\n`);
      context.emit('recorded', items.length);
      return EMPTY;
    });
    return (input) =>
      input.pipe(
        mapAwait(context, async (item: unknown) => {
          if (params.delay_ms > 0) await sleep(params.delay_ms);
          items.push(item);
          context.emit('item', item);
        }),
        ignoreElements(),
        concatWith(flush),
      );
  },
});
