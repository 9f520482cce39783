import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, sha256, writeFileAtomic, type RunEvent, type RunManifest } from '@granular/core';
import { readMetricsFile, type MetricsFile } from '@granular/evaluation';
import { isBookkeeping, readEvents } from '../run-files/read-events.ts';

/** What a queued run carries: everything a worker on another machine needs to run it. */
export interface RunJobData {
  /** The sweep that submitted it (its id in Redis) and its place there. */
  sweep: string;
  index: number;
  configuration: string;
  seed: number;
  /** The resolved pipeline (extends, --set, --skip and the seed applied), as a run directory's pipeline.yaml. */
  pipeline: string;
  maxSteps?: number;
  maxSeconds?: number;
}

/**
 * The job's id: the hash of the resolved configuration (seed included) and the run's bounds.
 * Submitting the same sweep twice adds no job twice (BullMQ keeps one job per id), and the
 * run directory a worker gives it is named after it, so a job taken over by another worker on
 * shared storage finds the run its first worker began.
 */
export function runJobId(configHash: string, seed: number, bounds: { maxSteps?: number; maxSeconds?: number }): string {
  const boundsHash = sha256(
    canonicalJson({ maxSteps: bounds.maxSteps ?? null, maxSeconds: bounds.maxSeconds ?? null }),
  );
  return `${configHash.slice(0, 16)}-s${seed}-${boundsHash.slice(0, 6)}`;
}

/**
 * What a finished run returns through the queue: enough for `granular compare` without the
 * run directory (which may be on a machine the submitter cannot read): the manifest, the
 * evaluations, the last value of every number logged and every evaluation event.
 */
export interface RunSummary {
  manifest: RunManifest;
  metrics?: MetricsFile;
  /** The last event of each logged number, and every event of the evaluated metrics (for curves over training time). */
  events: RunEvent[];
  pipeline: string;
  /** Where it ran: host, and the run directory there. */
  worker: { host: string; directory: string };
}

export function summarizeRun(directory: string, host: string): RunSummary {
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as RunManifest;
  const metrics = readMetricsFile(directory);
  const evaluated = new Set(Object.keys(metrics?.values ?? {}));
  const last = new Map<string, RunEvent>();
  const curves: RunEvent[] = [];
  for (const event of readEvents(directory)) {
    if (typeof event.value !== 'number' || isBookkeeping(event)) continue;
    if (evaluated.has(event.name)) curves.push(event);
    else last.set(`${event.stage}.${event.name}`, event);
  }
  return {
    manifest,
    ...(metrics ? { metrics } : {}),
    events: [...last.values(), ...curves].sort((a, b) => a.step - b.step),
    pipeline: readFileSync(join(directory, 'pipeline.yaml'), 'utf8'),
    worker: { host, directory },
  };
}

/** Writes a summary as a run directory `granular compare` reads (manifest, metrics, events, pipeline). */
export function writeSummary(directory: string, summary: RunSummary): void {
  mkdirSync(directory, { recursive: true });
  writeFileAtomic(join(directory, 'pipeline.yaml'), summary.pipeline);
  writeFileAtomic(
    join(directory, 'events.jsonl'),
    summary.events.map((event) => `${JSON.stringify(event)}\n`).join(''),
  );
  if (summary.metrics)
    writeFileAtomic(join(directory, 'metrics.json'), `${JSON.stringify(summary.metrics, null, 2)}\n`);
  writeFileAtomic(join(directory, 'manifest.json'), `${JSON.stringify(summary.manifest, null, 2)}\n`);
}

/** Whether a run directory holds a run that can be resumed (a manifest: it was started there). */
export function wasStarted(directory: string): boolean {
  return existsSync(join(directory, 'manifest.json'));
}
