import { collectRuns } from '../compare/collect-runs.ts';
import { compareRuns } from '../compare/compare-runs.ts';
import { renderTable, type TableFormat } from '../compare/render-table.ts';
import { defineCommand, UsageError } from '../command.ts';

export const compareCommand = defineCommand({
  name: 'compare',
  summary: 'Tabulate the final metrics of runs and sweeps, mean ± std over seeds',
  usage: 'granular compare RUN_DIR|SWEEP_DIR... [--metrics a,b] [--sort NAME [--desc]] [--format text|markdown]',
  help: `Reads each run's events.jsonl and metrics.json and prints two tables: every run with its final
values, and every configuration (a sweep's grid settings, or a run's pipeline without its seed)
with mean ± sample standard deviation over its seeds. A directory of run directories
(runs/mnist-msg/) counts as all of them.

  --metrics a,b      the columns (default: the evaluation metrics when there are any, else every number logged)
  --sort NAME        order rows by a column, ascending; --desc for descending
  --format FORMAT    text (default) or markdown, for a report or an issue

Example:
  granular compare runs/mnist-msg/sweep-20261127T190000Z --sort fcd --format markdown`,
  options: {
    metrics: { type: 'string' },
    sort: { type: 'string' },
    desc: { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('granular compare takes at least one run or sweep directory');
    if (values.format !== 'text' && values.format !== 'markdown') throw new UsageError(`--format must be text or markdown, not '${values.format}'`);
    const format = values.format as TableFormat;
    const records = collectRuns(positionals);
    const { runs, configurations } = compareRuns(records, {
      ...(values.metrics ? { metrics: values.metrics.split(',').map((name) => name.trim()) } : {}),
      ...(values.sort ? { sort: values.sort } : {}),
      descending: values.desc,
    });
    const heading = (text: string) => (format === 'markdown' ? `### ${text}\n\n` : `${text}\n`);
    io.out(`${heading(`Runs (${records.length})`)}${renderTable(runs, format)}\n${heading('By configuration (mean ± std over seeds)')}${renderTable(configurations, format)}`);
    return 0;
  },
});
