import { affine } from './affine.ts';
import { count } from './count.ts';
import { record } from './record.ts';
import { toText } from './to-text.ts';

/** Stages for learning and testing the engine; `pipelines/hello.yaml` uses them. */
export const toyStages = [count, affine, toText, record];
