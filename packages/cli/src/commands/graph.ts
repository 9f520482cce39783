import { defineCommand, UsageError } from '../command.ts';
import { toDot } from '../render/dot.ts';
import { toMermaid } from '../render/mermaid.ts';
import { loadFromArgs, pipelineOptions } from './load-from-args.ts';

const FORMATS = { mermaid: toMermaid, dot: toDot };

export const graphCommand = defineCommand({
  name: 'graph',
  usage: 'granular graph FILE [--format mermaid|dot] [--set key=value]...',
  help: `Validates the pipeline, expands its stage groups (shown as subgraphs) and prints the graph:
one box per stage with its stage type, edges labelled with the port type that flows.

Examples:
  granular graph pipelines/hello.yaml
  granular graph pipelines/hello.yaml --format dot | dot -Tsvg > hello.svg`,
  options: { ...pipelineOptions, format: { type: 'string', default: 'mermaid' } },
  async run({ values, positionals }, io) {
    const render = FORMATS[values.format as keyof typeof FORMATS];
    if (!render)
      throw new UsageError(`--format must be one of ${Object.keys(FORMATS).join(', ')}, not '${values.format}'`);
    io.out(render(await loadFromArgs(positionals, values, 'graph')));
    return 0;
  },
});
