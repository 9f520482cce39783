import { join } from 'node:path';
import { executeGraph, type ExecutionStatus } from '../execute/execute-graph.ts';
import { resolvedPipelineText } from './resolved-pipeline.ts';
import { writeFileAtomic } from '../run/atomic-write.ts';
import { EventLog, type EventListener } from '../run/event-log.ts';
import type { RunManifest, RunStatus } from '../run/manifest.ts';
import { granularBuild } from '../run/granular-build.ts';
import { gitState } from '../run/package-versions.ts';
import { RunContext } from '../run/run-context.ts';
import { createRunDirectory } from '../run/run-directory.ts';
import { lockRunDirectory } from '../run/run-lock.ts';
import type { RunInfo } from '../run/stage-context.ts';
import type { LoadedPipeline } from './load-pipeline.ts';
import { dirname, resolve } from 'node:path';

export interface RunOptions {
  /** Parent of `<pipeline>/<time>-<hash>/` run directories (default `runs`). */
  root?: string;
  /** Use exactly this directory instead. */
  out?: string;
  maxSteps?: number;
  /** Stop after this many seconds of training (evaluations and checkpoints not counted). */
  maxSeconds?: number;
  /** Abort to stop after the current item; stages flush and the run ends `interrupted`. */
  signal?: AbortSignal;
  log?: (message: string) => void;
  onEvent?: EventListener;
  /** Versions recorded in the manifest (the CLI passes its packages'). */
  packages?: Record<string, string>;
  /** Runs before any stage is created, e.g. to select the tfjs backend; returns the backend used. */
  prepare?: (info: RunInfo) => Promise<string> | string;
  /** Continue from a checkpoint: its directory and step; the run directory is reused (`out`). */
  resume?: { checkpoint: string; step: number; trainingSeconds?: number };
  /** Called with each model when built (resume loads checkpointed weights through it). */
  onModelBuilt?: (name: string, model: unknown) => void;
}

export interface RunResult {
  directory: string;
  status: RunStatus;
  steps: number;
  /** Seconds of training (evaluations and checkpoints not counted), a resumed run's earlier ones included. */
  trainingSeconds: number;
}

/**
 * Runs a loaded pipeline into a fresh run directory: `pipeline.yaml` (resolved), `manifest.json`
 * (written atomically at the start and at the end) and `events.jsonl`. A failure still ends the
 * manifest as `failed` with the message, then is rethrown for the caller to report.
 */
export async function runPipeline(loaded: LoadedPipeline, options: RunOptions = {}): Promise<RunResult> {
  const { spec } = loaded;
  const directory = createRunDirectory({
    root: options.root ?? 'runs',
    pipeline: spec.name,
    configHash: loaded.configHash,
    ...(options.out ? { out: options.out } : {}),
  });
  const unlock = lockRunDirectory(directory);
  try {
    return await runLocked(loaded, options, directory);
  } finally {
    unlock();
  }
}

async function runLocked(loaded: LoadedPipeline, options: RunOptions, directory: string): Promise<RunResult> {
  const { spec } = loaded;
  writeFileAtomic(join(directory, 'pipeline.yaml'), resolvedPipelineText(loaded));

  const manifest: RunManifest = {
    pipeline: spec.name,
    file: loaded.file,
    configHash: loaded.configHash,
    seed: spec.seed,
    backend: { requested: spec.backend },
    maxSteps: options.maxSteps ?? null,
    maxSeconds: options.maxSeconds ?? null,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    packages: options.packages ?? {},
    git: gitState(dirname(resolve(loaded.file))),
    granular: granularBuild(),
    startedAt: new Date().toISOString(),
    endedAt: null,
    status: 'running',
    steps: 0,
    error: null,
  };
  const saveManifest = () =>
    writeFileAtomic(join(directory, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  saveManifest();

  const events = new EventLog(join(directory, 'events.jsonl'));
  if (options.onEvent) events.listen(options.onEvent);
  const info: RunInfo = {
    name: spec.name,
    seed: spec.seed,
    backend: spec.backend,
    directory,
    configHash: loaded.configHash,
    maxSteps: options.maxSteps,
    maxSeconds: options.maxSeconds,
    baseDirectory: dirname(resolve(loaded.file)),
    models: [...loaded.models.keys()],
    resumeFrom: options.resume?.checkpoint,
  };
  const context = new RunContext({
    info,
    events,
    models: loaded.models,
    catalog: loaded.catalog,
    ...(options.resume
      ? { initialStep: options.resume.step, initialTrainingSeconds: options.resume.trainingSeconds ?? 0 }
      : {}),
    ...(options.onModelBuilt ? { onModelBuilt: options.onModelBuilt } : {}),
    ...(options.log ? { log: options.log } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });

  try {
    if (options.prepare) {
      manifest.backend.used = await options.prepare(info);
      saveManifest();
    }
    context.emit('run', 'start', { directory, configHash: loaded.configHash });
    const status = await executeGraph(loaded.graph, context, {
      prefetch: spec.engine.prefetch,
      inFlight: spec.engine.in_flight,
      ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
      ...(options.maxSeconds !== undefined ? { maxSeconds: options.maxSeconds } : {}),
    });
    manifest.status = statusOf(status);
  } catch (error) {
    manifest.status = 'failed';
    manifest.error = error instanceof Error ? error.message : String(error);
    throw error;
  } finally {
    manifest.steps = context.step;
    manifest.trainingSeconds = Math.round(context.clock.seconds() * 1000) / 1000;
    manifest.endedAt = new Date().toISOString();
    context.emit('run', 'end', { status: manifest.status, steps: context.step });
    events.close();
    saveManifest();
  }
  return { directory, status: manifest.status, steps: context.step, trainingSeconds: manifest.trainingSeconds ?? 0 };
}

function statusOf(status: ExecutionStatus): RunStatus {
  return status === 'interrupted' ? 'interrupted' : 'completed';
}
