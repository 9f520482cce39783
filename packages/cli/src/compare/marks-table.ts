import { formatDuration } from '../progress/progress-reporter.ts';
import { formatValue, type Table } from './render-table.ts';
import type { MarkRow } from './training-time-curves.ts';

/** `fcd` of each configuration at 2m, 5m, 10m of training: one row per configuration and metric, one column per mark. */
export function marksTable(rows: readonly MarkRow[], marks: readonly number[]): Table {
  return {
    headers: ['configuration', 'metric', ...marks.map((mark) => `at ${formatDuration(mark)}`)],
    numeric: [false, false, ...marks.map(() => true)],
    rows: rows.map((row) => [
      row.configuration,
      row.metric,
      ...row.atMarks.map((cell) => {
        if (!cell) return '—';
        const value =
          cell.std === undefined ? formatValue(cell.mean) : `${formatValue(cell.mean)} ± ${formatValue(cell.std)}`;
        // Fewer seeds than runs got there (a run stopped early or failed): say how many.
        return cell.count < row.runs ? `${value} (${cell.count}/${row.runs})` : value;
      }),
    ]),
  };
}
