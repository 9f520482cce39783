import { parse } from 'yaml';
import type { SweepSpec } from '@granular/core';
import { UsageError } from '../command.ts';

/** One run of a sweep: a configuration of the grid and a seed. */
export interface PlannedRun {
  /** Position in the sweep, from 1; names the run's directory. */
  index: number;
  /** `path=value` for each grid axis: passed to the run as `--set`, shown as its label. */
  settings: string[];
  seed: number;
  /** The settings without the seed: runs that share it differ only by seed. */
  configuration: string;
}

export interface SweepPlan {
  grid: [path: string, values: unknown[]][];
  seeds: number[];
  runs: PlannedRun[];
}

/** `stages.d.with.loss=[hinge, non-saturating]`: a dotted path and a YAML list. */
export function parseGridArgument(text: string): [string, unknown[]] {
  const equals = text.indexOf('=');
  const path = text.slice(0, equals).trim();
  if (equals <= 0 || path === '' || /\s/.test(path))
    throw new UsageError(`--grid '${text}' is not of the form path=[a, b, …]`);
  let values: unknown;
  try {
    values = parse(text.slice(equals + 1), { schema: 'core', strict: true, maxAliasCount: 0 });
  } catch (error) {
    throw new UsageError(
      `--grid '${text}': the values are not valid YAML (${(error as Error).message.split('\n')[0]})`,
    );
  }
  if (!Array.isArray(values) || values.length === 0)
    throw new UsageError(`--grid '${text}': the values must be a non-empty YAML list, e.g. ${path}=[1, 2]`);
  return [path, values];
}

export function parseSeeds(text: string): number[] {
  const seeds = text.split(',').map((part) => Number(part.trim()));
  if (seeds.some((seed) => !Number.isInteger(seed) || seed < 0 || seed > 4294967295))
    throw new UsageError(`--seeds '${text}' must be whole numbers 0…4294967295 separated by commas, e.g. 1,2,3`);
  if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds '${text}' names a seed twice`);
  return seeds;
}

/** A grid value as a `--set` text: JSON is YAML, so strings, numbers and lists survive as they are. */
function setting(path: string, value: unknown): string {
  return `${path}=${JSON.stringify(value)}`;
}

/**
 * The runs of a sweep: the file's `sweep:` block with the command line on top (a `--grid` axis
 * replaces the file's axis of the same path; `--seeds` replaces the file's seeds), every
 * combination of the grid values in order (the last axis varies fastest), each for every seed.
 */
export function planSweep(
  fromFile: SweepSpec | undefined,
  gridArguments: readonly string[],
  seeds: number[] | undefined,
  defaultSeed: number,
): SweepPlan {
  const grid = new Map<string, unknown[]>(Object.entries(fromFile?.grid ?? {}));
  for (const argument of gridArguments) {
    const [path, values] = parseGridArgument(argument);
    grid.set(path, values);
  }
  if (grid.has('seed'))
    throw new UsageError(
      'seed is not a grid axis: give the seeds with --seeds 1,2,3 (or sweep.seeds), so runs group by configuration',
    );
  const axes = [...grid.entries()];
  const runSeeds = seeds ?? fromFile?.seeds ?? [defaultSeed];
  let combinations: [path: string, value: unknown][][] = [[]];
  for (const [path, values] of axes)
    combinations = combinations.flatMap((prefix) =>
      values.map((value) => [...prefix, [path, value] as [string, unknown]]),
    );
  const runs: PlannedRun[] = [];
  for (const combination of combinations) {
    const settings = combination.map(([path, value]) => setting(path, value));
    const configuration =
      combination
        .map(([path, value]) => `${path}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
        .join(' ') || '(base)';
    for (const seed of runSeeds) runs.push({ index: runs.length + 1, settings, seed, configuration });
  }
  return { grid: axes, seeds: runSeeds, runs };
}

/** `003-loss=hinge-seed=2` (`003-mnist-msg-loss=hinge-seed=2` with a pipeline name): sortable, readable, and safe as a directory name. */
export function runDirectoryName(run: PlannedRun, pipeline?: string): string {
  const label = [
    ...(pipeline ? [pipeline] : []),
    ...run.settings.map((s) => s.replace(/^[^=]*\.([^.=]+)=/, '$1=').replace(/"/g, '')),
    `seed=${run.seed}`,
  ].join('-');
  return `${String(run.index).padStart(3, '0')}-${label.replace(/[^A-Za-z0-9=._-]+/g, '_').slice(0, 80)}`;
}
