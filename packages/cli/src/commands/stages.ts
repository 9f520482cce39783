import { isGroup, loadPipeline, type StageLike } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { defineCommand } from '../command.ts';

export const stagesCommand = defineCommand({
  name: 'stages',
  usage: 'granular stages [PIPELINE]',
  help: `Lists every built-in stage with its ports and summary, then the models, losses, penalties and
metrics stages name. Given a pipeline file, also lists the stage groups and the plugin entries
that pipeline loads (marked [plugin]). Parameters: docs/stages.md, models.md, losses.md, metrics.md.

Examples:
  granular stages
  granular stages pipelines/hello-group.yaml`,
  options: {},
  async run({ positionals }, io) {
    const catalog = positionals[0] ? (await loadPipeline(positionals[0], builtinCatalog())).catalog : builtinCatalog();
    const builtins = builtinCatalog();
    const rows = catalog.stages.all().map((stage: StageLike) => {
      const origin = isGroup(stage)
        ? `group ${stage.file.displayName}`
        : builtins.stages.has(stage.name)
          ? ''
          : 'plugin';
      return [
        stage.name,
        `${stage.input ?? '(source)'} → ${stage.output}`,
        stage.summary + (origin ? `  [${origin}]` : ''),
      ];
    });
    io.out(table(['stage', 'ports', 'summary'], rows));
    for (const kind of ['models', 'losses', 'penalties', 'metrics'] as const) {
      const entries = catalog[kind].all();
      const rows = entries.map((entry) => [
        entry.name,
        entry.summary + (builtins[kind].has(entry.name) ? '' : '  [plugin]'),
      ]);
      if (entries.length) io.out(`\n${table([catalog[kind].kind, 'summary'], rows)}`);
    }
    return 0;
  },
});

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (column < row.length - 1 ? row[column]!.length : 0))),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column < cells.length - 1 ? cell.padEnd(widths[column]!) : cell)).join('  ');
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}
