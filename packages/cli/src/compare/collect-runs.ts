import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { canonicalJson, sha256, UserError, type RunManifest } from '@granular/core';
import { comparableAs, readMetricsFile } from '@granular/evaluation';
import { isBookkeeping, readEvents } from '../run-files/read-events.ts';
import { readSweepIndex, SWEEP_INDEX } from '../sweep/sweep-index.ts';

/** One run as `granular compare` sees it: its configuration, seed, state and final numbers. */
export interface RunRecord {
  directory: string;
  /** Runs with the same configuration differ only by seed; their numbers are pooled. */
  configuration: string;
  seed: number;
  status: string;
  steps: number;
  /** The training-time budget it ran with (--max-time), in seconds. */
  maxSeconds?: number;
  /** The last value of every number the run logged; metrics.json (the latest evaluation) on top. */
  values: Map<string, number>;
  /** What the latest evaluation was computed on (classifier, real images, sample counts), when metrics.json says. */
  evaluatedOn?: string;
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * The last value of each numeric event, by name, with metrics.json (the latest evaluation) on
 * top; and what that evaluation was computed on, when the file says.
 */
function finalValues(directory: string): { values: Map<string, number>; evaluatedOn?: string } {
  const values = new Map<string, number>();
  for (const event of readEvents(directory))
    if (typeof event.value === 'number' && !isBookkeeping(event)) values.set(event.name, event.value);
  const metrics = readMetricsFile(directory);
  for (const [name, value] of Object.entries(metrics?.values ?? {})) values.set(name, value);
  const latest = metrics?.evaluations?.at(-1);
  return latest ? { values, evaluatedOn: comparableAs(latest) } : { values };
}

/** A run outside a sweep: its configuration is its resolved pipeline without the seed. */
function configurationOf(directory: string, manifest: RunManifest): string {
  const spec = parse(readFileSync(join(directory, 'pipeline.yaml'), 'utf8')) as Record<string, unknown>;
  delete spec['seed'];
  return `${manifest.pipeline}@${sha256(canonicalJson(spec)).slice(0, 8)}`;
}

function runRecord(directory: string, configuration?: string, seed?: number): RunRecord {
  const manifest = readJson<RunManifest>(join(directory, 'manifest.json'));
  if (!manifest)
    return {
      directory,
      configuration: configuration ?? basename(directory),
      seed: seed ?? 0,
      status: 'not started',
      steps: 0,
      values: new Map(),
    };
  // A running run's manifest has its step count only at the end: its events say how far it is.
  const steps =
    manifest.status === 'running' ? Math.max(0, ...readEvents(directory).map((event) => event.step)) : manifest.steps;
  return {
    directory,
    configuration: configuration ?? configurationOf(directory, manifest),
    seed: manifest.seed,
    status: manifest.status,
    steps,
    ...(manifest.maxSeconds ? { maxSeconds: manifest.maxSeconds } : {}),
    ...finalValues(directory),
  };
}

/**
 * The runs behind each path: a run directory, a sweep directory (its runs, labelled by their
 * grid settings), or a directory of run directories (runs/mnist-msg/).
 */
export function collectRuns(paths: readonly string[]): RunRecord[] {
  return paths.flatMap((path) => {
    if (!existsSync(path) || !statSync(path).isDirectory())
      throw new UserError(
        `${path} is not a directory`,
        'give run directories, sweep directories, or a directory that holds runs',
      );
    if (existsSync(join(path, SWEEP_INDEX))) {
      const index = readSweepIndex(path);
      return index.runs.map((run) => runRecord(join(path, run.directory), run.configuration, run.seed));
    }
    if (existsSync(join(path, 'manifest.json'))) return [runRecord(path)];
    const children = readdirSync(path)
      .map((name) => join(path, name))
      .filter((child) => existsSync(join(child, 'manifest.json')))
      .sort();
    if (children.length === 0)
      throw new UserError(
        `${path} holds no runs (no manifest.json or ${SWEEP_INDEX} in it or its subdirectories)`,
        'give the directory that granular run or granular sweep printed',
      );
    return children.map((child) => runRecord(child));
  });
}
