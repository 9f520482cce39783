export type TableFormat = 'text' | 'markdown';

export interface Table {
  headers: string[];
  rows: string[][];
  /** Columns of numbers: right-aligned. */
  numeric: boolean[];
}

/** Four significant digits, no exponent for ordinary magnitudes, whole numbers as they are. */
export function formatValue(value: number | undefined): string {
  if (value === undefined || Number.isNaN(value)) return '—';
  if (Number.isInteger(value) && Math.abs(value) < 1e6) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/** A table for the terminal (aligned columns) or for a markdown file. */
export function renderTable(table: Table, format: TableFormat): string {
  if (format === 'markdown') {
    const escape = (cell: string) => cell.replace(/\|/g, '\\|');
    const lines = [
      `| ${table.headers.map(escape).join(' | ')} |`,
      `|${table.numeric.map((numeric) => (numeric ? '---:' : '---')).join('|')}|`,
      ...table.rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
    ];
    return `${lines.join('\n')}\n`;
  }
  const widths = table.headers.map((header, column) =>
    Math.max(header.length, ...table.rows.map((row) => row[column]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (table.numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return `${[line(table.headers), line(widths.map((width) => '-'.repeat(width))), ...table.rows.map(line)].join('\n')}\n`;
}
