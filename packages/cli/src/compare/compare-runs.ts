import { UserError } from '@granular/core';
import type { RunRecord } from './collect-runs.ts';
import { formatValue, type Table } from './render-table.ts';

export interface CompareOptions {
  /** Columns; default: the evaluation metrics when any run has them, otherwise every number logged. */
  metrics?: string[];
  /** Order rows by this column (runs without it last). */
  sort?: string;
  descending?: boolean;
}

/** Mean and sample standard deviation (n − 1); the deviation is undefined for one value. */
export function meanAndStd(values: readonly number[]): { mean: number; std: number | undefined } {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  if (values.length < 2) return { mean, std: undefined };
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
  return { mean, std: Math.sqrt(variance) };
}

export const EVALUATION_METRICS = [
  'fcd',
  'kid',
  'precision',
  'recall',
  'density',
  'coverage',
  'modes',
  'mode_kl',
  'classifier_score',
  'swd',
  'd_test_accuracy',
];

/** The columns compare shows: the named ones (each must be logged by some run), else the evaluation metrics, else every number. */
export function chooseColumns(records: readonly RunRecord[], options: Pick<CompareOptions, 'metrics'>): string[] {
  const logged = new Set(records.flatMap((record) => [...record.values.keys()]));
  if (options.metrics) {
    const unknown = options.metrics.filter((name) => !logged.has(name));
    if (unknown.length)
      throw new UserError(
        `no run logged ${unknown.map((n) => `'${n}'`).join(', ')}`,
        `the runs logged: ${[...logged].sort().join(', ') || '(nothing yet)'}`,
      );
    return options.metrics;
  }
  const evaluation = EVALUATION_METRICS.filter((name) => logged.has(name));
  return evaluation.length ? evaluation : [...logged].sort();
}

function sortKey(
  options: CompareOptions,
  columns: readonly string[],
): ((value: number | undefined) => number) | undefined {
  if (!options.sort) return undefined;
  if (!columns.includes(options.sort))
    throw new UserError(`cannot sort by '${options.sort}': it is not a column`, `columns: ${columns.join(', ')}`);
  return (value) => (value === undefined || Number.isNaN(value) ? Infinity : options.descending ? -value : value);
}

/**
 * A letter for each distinct way the runs' latest evaluations were computed (classifier, real
 * images, sample counts), when they differ; runs whose metrics.json does not say count as one
 * more way. Undefined when all agree: numbers of different letters must not be compared.
 */
export function evaluationLetters(records: readonly RunRecord[]): Map<string, string> | undefined {
  const ways = [
    ...new Set(records.filter((record) => record.values.size).map((record) => record.evaluatedOn ?? UNRECORDED)),
  ];
  if (ways.length < 2) return undefined;
  return new Map(ways.map((way, i) => [way, String.fromCharCode(65 + (i % 26))]));
}

const UNRECORDED = 'not recorded (metrics.json written before evaluations were kept)';

/**
 * Two tables: every run with its final numbers, and per configuration mean ± std over its
 * seeds; and notes, which flag runs whose evaluations are not comparable.
 */
export function compareRuns(
  records: readonly RunRecord[],
  options: CompareOptions = {},
): { runs: Table; configurations: Table; notes: string[] } {
  const columns = chooseColumns(records, options);
  const key = sortKey(options, columns);
  const letters = evaluationLetters(records);
  const letterOf = (record: RunRecord) => letters?.get(record.evaluatedOn ?? UNRECORDED) ?? '';

  const runRows = records.map((record) => ({
    record,
    value: options.sort ? record.values.get(options.sort) : undefined,
  }));
  if (key) runRows.sort((a, b) => key(a.value) - key(b.value));
  const runs: Table = {
    headers: ['run', 'configuration', 'seed', 'status', 'steps', ...(letters ? ['evaluated'] : []), ...columns],
    numeric: [false, false, true, false, true, ...(letters ? [false] : []), ...columns.map(() => true)],
    rows: runRows.map(({ record }) => [
      record.directory.split('/').at(-1)!,
      record.configuration,
      String(record.seed),
      record.status,
      String(record.steps),
      ...(letters ? [letterOf(record)] : []),
      ...columns.map((column) => formatValue(record.values.get(column))),
    ]),
  };

  const groups = new Map<string, RunRecord[]>();
  for (const record of records) groups.set(record.configuration, [...(groups.get(record.configuration) ?? []), record]);
  const groupRows = [...groups].map(([configuration, members]) => {
    const stats = columns.map((column) => {
      const values = members
        .map((member) => member.values.get(column))
        .filter((value): value is number => value !== undefined && !Number.isNaN(value));
      return values.length ? meanAndStd(values) : undefined;
    });
    return {
      configuration,
      members,
      stats,
      value: options.sort ? stats[columns.indexOf(options.sort)]?.mean : undefined,
    };
  });
  if (key) groupRows.sort((a, b) => key(a.value) - key(b.value));
  const configurations: Table = {
    headers: ['configuration', 'runs', ...columns],
    numeric: [false, true, ...columns.map(() => true)],
    rows: groupRows.map(({ configuration, members, stats }) => [
      new Set(members.map(letterOf)).size > 1
        ? `${configuration} (mixed evaluations: ${[...new Set(members.map(letterOf))].sort().join(', ')})`
        : configuration,
      `${members.filter((m) => m.status === 'completed').length}/${members.length}`,
      ...stats.map((stat) =>
        !stat
          ? '—'
          : stat.std === undefined
            ? formatValue(stat.mean)
            : `${formatValue(stat.mean)} ± ${formatValue(stat.std)}`,
      ),
    ]),
  };
  const notes = letters
    ? [
        'The runs were not all evaluated the same way; numbers under different letters are not comparable (re-evaluate with granular eval, or compare like with like):',
        ...[...letters].map(([way, letter]) => `  ${letter}: ${way}`),
      ]
    : [];
  return { runs, configurations, notes };
}
