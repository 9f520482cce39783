import { formatUserError, loadPipeline, UserError } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { defineCommand, UsageError } from '../command.ts';
import { overridesFrom, pipelineOptions } from './load-from-args.ts';

export const validateCommand = defineCommand({
  name: 'validate',
  usage: 'granular validate FILE... [--set key=value]... [--skip STAGE]...',
  help: `Checks each file completely: YAML syntax, extends, --set, plugins and groups, the schema,
stage and model names, edges, cycles and port types. Every mistake is printed as
file:line:col with its path and a hint. Exit code 0 when all are valid, 2 otherwise. Warnings
(a data stage that no stage reads) are printed the same way and do not fail validation.

Example:
  granular validate pipelines/*.yaml`,
  options: pipelineOptions,
  async run({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('granular validate needs at least one pipeline file');
    const catalog = builtinCatalog();
    let failed = 0;
    for (const file of positionals) {
      try {
        const loaded = await loadPipeline(file, catalog, { overrides: overridesFrom(values) });
        io.out(`ok  ${file}  (${loaded.graph.nodes.length} stages, config ${loaded.configHash.slice(0, 8)})\n`);
        for (const warning of loaded.warnings) io.err(`warning: ${warning.format()}\n`);
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        failed += 1;
        io.err(`${formatUserError(error, `${file}: `)}\n`);
      }
    }
    if (positionals.length > 1) io.out(`${positionals.length - failed} valid, ${failed} invalid\n`);
    return failed > 0 ? 2 : 0;
  },
});
