import { collectRuns } from '../compare/collect-runs.ts';
import { chooseColumns, compareRuns } from '../compare/compare-runs.ts';
import { marksTable } from '../compare/marks-table.ts';
import { renderTable, type TableFormat } from '../compare/render-table.ts';
import { defaultMarks, runCurves, valuesAtMarks } from '../compare/training-time-curves.ts';
import { defineCommand, UsageError } from '../command.ts';
import { parseDuration } from './run-bounds.ts';

function parseMarks(text: string): number[] {
  const marks = text.split(',').map((part) => parseDuration(part, '--marks')!);
  return [...new Set(marks)].sort((a, b) => a - b);
}

export const compareCommand = defineCommand({
  name: 'compare',
  usage:
    'granular compare RUN_DIR|SWEEP_DIR... [--metrics a,b] [--sort NAME [--desc]] [--over time [--marks 2m,5m,10m]] [--format text|markdown]  |  granular compare --queue URL SWEEP_ID...',
  help: `Reads each run's events.jsonl and metrics.json and prints two tables: every run with its final
values, and every configuration (a sweep's grid settings, or a run's pipeline without its seed)
with mean ± sample standard deviation over its seeds. A directory of run directories
(runs/mnist-msg/) counts as all of them.

  --metrics a,b      the columns (default: the evaluation metrics when there are any, else every number logged)
  --sort NAME        order rows by a column, ascending; --desc for descending
  --format FORMAT    text (default) or markdown, for a report or an issue
  --over time        instead: each metric at budget marks of training time (evaluations and
                     checkpoints not counted), mean ± std over seeds per configuration; the value
                     at a mark is the evaluation that mark triggered (run with every_seconds:)
  --marks 2m,5m,10m  the marks (default: a fifth, half and all of the runs' --max-time)

'granular report SWEEP_DIR' draws the same against training time, as charts.

  --queue URL        the positionals are ids of sweeps on that queue (granular sweep --queue): their
                     finished runs' summaries are fetched into their local sweep directories
                     (runs/<pipeline>/…) and compared as local sweeps

Example:
  granular compare runs/mnist-msg/sweep-20261127T190000Z --sort fcd --format markdown
  granular compare runs/sweeps/sweep-20261130T100000Z --over time --marks 2m,5m,10m`,
  options: {
    metrics: { type: 'string' },
    sort: { type: 'string' },
    desc: { type: 'boolean', default: false },
    format: { type: 'string', default: 'text' },
    over: { type: 'string' },
    marks: { type: 'string' },
    queue: { type: 'string' },
    'runs-dir': { type: 'string', default: 'runs' },
  },
  async run({ values, positionals: given }, io) {
    if (given.length === 0) throw new UsageError('granular compare takes at least one run or sweep directory');
    let positionals = given;
    if (values.queue !== undefined) {
      const { fetchQueuedSweep } = await import('../queue/sweep-on-queue.ts');
      const { queueUrl } = await import('../queue/redis-queue.ts');
      const url = queueUrl(values.queue)!;
      positionals = [];
      for (const id of given) positionals.push((await fetchQueuedSweep(url, id, values['runs-dir'])).directory);
    }
    if (values.format !== 'text' && values.format !== 'markdown')
      throw new UsageError(`--format must be text or markdown, not '${values.format}'`);
    const format = values.format as TableFormat;
    const records = collectRuns(positionals);
    if (values.over !== undefined && values.over !== 'time')
      throw new UsageError(`--over takes 'time' (training time), not '${values.over}'`);
    if (values.marks !== undefined && values.over === undefined) throw new UsageError('--marks goes with --over time');
    if (values.over === 'time') {
      const metrics = chooseColumns(
        records,
        values.metrics ? { metrics: values.metrics.split(',').map((name) => name.trim()) } : {},
      );
      const curves = runCurves(records, metrics);
      const marks = values.marks ? parseMarks(values.marks) : defaultMarks(records, curves);
      if (marks.length === 0)
        throw new UsageError('the runs logged no training time to put marks on: give --marks 2m,5m,10m');
      io.out(renderTable(marksTable(valuesAtMarks(records, curves, metrics, marks), marks), format));
      return 0;
    }
    const { runs, configurations, notes } = compareRuns(records, {
      ...(values.metrics ? { metrics: values.metrics.split(',').map((name) => name.trim()) } : {}),
      ...(values.sort ? { sort: values.sort } : {}),
      descending: values.desc,
    });
    const heading = (text: string) => (format === 'markdown' ? `### ${text}\n\n` : `${text}\n`);
    io.out(
      `${heading(`Runs (${records.length})`)}${renderTable(runs, format)}\n${heading('By configuration (mean ± std over seeds)')}${renderTable(configurations, format)}`,
    );
    if (notes.length) io.out(`\n${notes.join('\n')}\n`);
    return 0;
  },
});
