import { UserError } from '@granular/core';
import { readEvents } from '../run-files/read-events.ts';
import type { RunRecord } from './collect-runs.ts';
import { meanAndStd } from './compare-runs.ts';

/** One logged number of one run against training time: (seconds of training, value), in time order. */
export type TimeCurve = [seconds: number, value: number][];

/** A configuration's curve: at each time, the mean over its seeds and the spread (min and max). */
export interface PooledPoint {
  seconds: number;
  mean: number;
  min: number;
  max: number;
  /** Seeds with a value at this time. */
  count: number;
}

/**
 * The values a run logged under each of `names` against training time (events' `train_time`).
 * Runs made before training time was recorded give no points.
 */
export function timeCurves(directory: string, names: readonly string[]): Map<string, TimeCurve> {
  const curves = new Map<string, TimeCurve>(names.map((name) => [name, []]));
  for (const event of readEvents(directory)) {
    const curve = curves.get(event.name);
    if (!curve || typeof event.value !== 'number' || event.train_time === undefined) continue;
    curve.push([event.train_time, event.value]);
  }
  for (const curve of curves.values()) curve.sort((a, b) => a[0] - b[0]);
  return curves;
}

/**
 * The value of a curve at a budget mark: the first evaluation at or after the mark (the one the
 * mark triggered, with `every_seconds:` or `--max-time`), if it came within `tolerance` seconds;
 * else the last one before it, if that is within the tolerance; else none.
 */
export function valueAtMark(curve: TimeCurve, mark: number, tolerance = Math.max(10, mark * 0.05)): number | undefined {
  const after = curve.find(([seconds]) => seconds >= mark);
  if (after && after[0] - mark <= tolerance) return after[1];
  const before = curve.filter(([seconds]) => seconds < mark).at(-1);
  if (before && mark - before[0] <= tolerance) return before[1];
  return undefined;
}

/** Linear interpolation inside the curve's range; undefined outside it. */
function interpolate(curve: TimeCurve, seconds: number): number | undefined {
  if (curve.length === 0 || seconds < curve[0]![0] || seconds > curve.at(-1)![0]) return undefined;
  const i = curve.findIndex(([t]) => t >= seconds);
  const [t1, v1] = curve[i]!;
  if (t1 === seconds || i === 0) return v1;
  const [t0, v0] = curve[i - 1]!;
  return v0 + ((v1 - v0) * (seconds - t0)) / (t1 - t0);
}

/**
 * Pools the seeds of one configuration: at each time one of them evaluated, the mean, min and
 * max of the seeds' values there (each seed interpolated between its own evaluations, never
 * beyond them).
 */
export function poolCurves(curves: readonly TimeCurve[]): PooledPoint[] {
  const times = [...new Set(curves.flatMap((curve) => curve.map(([t]) => t)))].sort((a, b) => a - b);
  const points: PooledPoint[] = [];
  for (const seconds of times) {
    const values = curves
      .map((curve) => interpolate(curve, seconds))
      .filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (values.length === 0) continue;
    points.push({
      seconds,
      mean: meanAndStd(values).mean,
      min: Math.min(...values),
      max: Math.max(...values),
      count: values.length,
    });
  }
  // Seeds evaluate at nearly the same times; one point per evaluation round reads better than one per seed.
  return mergeClose(points, curves.length);
}

function mergeClose(points: PooledPoint[], seeds: number): PooledPoint[] {
  if (seeds <= 1) return points;
  const span = (points.at(-1)?.seconds ?? 0) - (points[0]?.seconds ?? 0);
  const close = span / 200;
  const merged: PooledPoint[] = [];
  for (const point of points) {
    const last = merged.at(-1);
    // Of two points of the same round, the one more seeds reached stands for it (a seed that stopped a moment earlier drops out otherwise).
    if (last && point.seconds - last.seconds <= close) {
      if (point.count >= last.count) merged[merged.length - 1] = point;
    } else merged.push(point);
  }
  return merged;
}

/** Per configuration and metric: the mean ± std over seeds at each budget mark (undefined: no seed got there). */
export interface MarkRow {
  configuration: string;
  metric: string;
  runs: number;
  atMarks: ({ mean: number; std: number | undefined; count: number } | undefined)[];
}

/** Each run's curves of `metrics`, its events read once for every table and chart made from them. */
export type RunCurves = Map<RunRecord, Map<string, TimeCurve>>;

export function runCurves(records: readonly RunRecord[], metrics: readonly string[]): RunCurves {
  return new Map(records.map((record) => [record, timeCurves(record.directory, metrics)]));
}

/** The value of each metric at each budget mark, mean ± std over each configuration's seeds. */
export function valuesAtMarks(
  records: readonly RunRecord[],
  curvesByRun: RunCurves,
  metrics: readonly string[],
  marks: readonly number[],
): MarkRow[] {
  const anyPoint = [...curvesByRun.values()].some((curves) => [...curves.values()].some((curve) => curve.length > 0));
  if (!anyPoint)
    throw new UserError(
      `no run logged ${metrics.join(', ')} with its training time`,
      'runs record training time from this version on; evaluate with eval/metrics (every_seconds: N) during the run',
    );
  const groups = new Map<string, RunRecord[]>();
  for (const record of records) groups.set(record.configuration, [...(groups.get(record.configuration) ?? []), record]);
  const rows: MarkRow[] = [];
  for (const [configuration, members] of groups) {
    for (const metric of metrics) {
      const atMarks = marks.map((mark) => {
        const values = members
          .map((member) => valueAtMark(curvesByRun.get(member)!.get(metric)!, mark))
          .filter((v): v is number => v !== undefined && Number.isFinite(v));
        return values.length ? { ...meanAndStd(values), count: values.length } : undefined;
      });
      rows.push({ configuration, metric, runs: members.length, atMarks });
    }
  }
  return rows;
}

/**
 * Budget marks when none are given: a fifth, half and all of the runs' --max-time (2, 5 and
 * 10 minutes for a 10-minute budget), else of the longest training time logged.
 */
export function defaultMarks(records: readonly RunRecord[], curvesByRun: RunCurves): number[] {
  const budget = Math.max(0, ...records.map((record) => record.maxSeconds ?? 0));
  const longest =
    budget ||
    Math.max(
      0,
      ...[...curvesByRun.values()].flatMap((curves) => [...curves.values()].map((curve) => curve.at(-1)?.[0] ?? 0)),
    );
  if (longest === 0) return [];
  return [...new Set([longest / 5, longest / 2, longest].map((m) => Math.round(m)))];
}
