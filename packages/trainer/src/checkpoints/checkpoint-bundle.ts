import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { sha256, UserError, writeFileAtomic } from '@granular/core';
import { bundleLayout } from './bundle-layout.ts';

/** `checkpoints/step-000200`: sorts by step. */
export function bundleName(step: number): string {
  return `step-${String(step).padStart(6, '0')}`;
}

/** What a bundle's `state.json` says. */
export interface CheckpointState {
  step: number;
  configHash: string;
  models: string[];
  /** Every checkpointable state the bundle carries, by name (`optimizer:d`, `ema:G`, `model:G`). */
  state: string[];
  time: string;
  /** Seconds of training up to this step: a resumed run's --max-time and every_seconds count on from it. */
  trainingSeconds?: number;
  /** The bounds the run was started with (--max-steps, --max-time): a resume keeps them even if manifest.json is lost. */
  bounds?: { maxSteps: number | null; maxSeconds: number | null };
}

/** Removes what interrupted bundle writes left behind (`.step-000040.<pid>.tmp` folders); a bundle under its own name is never touched. */
export function removeUnfinishedBundles(runDirectory: string): string[] {
  const checkpoints = join(runDirectory, 'checkpoints');
  if (!existsSync(checkpoints)) return [];
  const unfinished = readdirSync(checkpoints).filter((entry) => /^\.step-\d+\.\d+\.tmp$/.test(entry));
  for (const entry of unfinished) rmSync(join(checkpoints, entry), { recursive: true, force: true });
  return unfinished;
}

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Writes a checkpoint bundle all or nothing: `fill` writes the files into a temporary
 * directory, `checksums.json` (sha256 of every file) is written last, then the directory is
 * renamed into place. A crash leaves a temporary directory, never a half bundle under its name.
 */
export async function writeBundle(
  checkpoints: string,
  state: CheckpointState,
  fill: (directory: string) => Promise<void>,
): Promise<string> {
  const final = join(checkpoints, bundleName(state.step));
  const temporary = join(checkpoints, `.${bundleName(state.step)}.${process.pid}.tmp`);
  rmSync(temporary, { recursive: true, force: true });
  await fill(temporary);
  writeFileAtomic(bundleLayout.state(temporary), `${JSON.stringify(state, null, 2)}\n`);
  const checksums = Object.fromEntries(
    filesUnder(temporary).map((file) => [relative(temporary, file), sha256(readFileSync(file))]),
  );
  writeFileAtomic(bundleLayout.checksums(temporary), `${JSON.stringify(checksums, null, 2)}\n`);
  rmSync(final, { recursive: true, force: true });
  renameSync(temporary, final);
  return final;
}

/** Reads a bundle's state after checking every file against its checksum; refuses a truncated or altered bundle. */
export function verifyBundle(directory: string): CheckpointState {
  const listing = bundleLayout.checksums(directory);
  if (!existsSync(listing))
    throw new UserError(
      `${directory} is not a complete checkpoint (no checksums.json)`,
      'it was interrupted while being written; use an earlier checkpoint',
    );
  const checksums = JSON.parse(readFileSync(listing, 'utf8')) as Record<string, string>;
  for (const [file, expected] of Object.entries(checksums)) {
    const path = join(directory, file);
    if (!existsSync(path))
      throw new UserError(
        `checkpoint ${directory} is missing ${file}`,
        'the bundle was altered; use an earlier checkpoint',
      );
    if (sha256(readFileSync(path)) !== expected)
      throw new UserError(
        `checkpoint ${directory}: ${file} does not match its checksum (truncated or altered)`,
        'use an earlier checkpoint',
      );
  }
  return JSON.parse(readFileSync(bundleLayout.state(directory), 'utf8')) as CheckpointState;
}

/** Bundles of a run, newest first. */
export function listBundles(runDirectory: string): string[] {
  const checkpoints = join(runDirectory, 'checkpoints');
  if (!existsSync(checkpoints)) return [];
  return readdirSync(checkpoints)
    .filter((name) => /^step-\d+$/.test(name))
    .sort()
    .reverse()
    .map((name) => join(checkpoints, name));
}

/** The newest bundle that verifies, with what was wrong with the newer ones. */
export function latestGoodBundle(
  runDirectory: string,
): { directory: string; state: CheckpointState; skipped: string[] } | undefined {
  const skipped: string[] = [];
  for (const directory of listBundles(runDirectory)) {
    try {
      return { directory, state: verifyBundle(directory), skipped };
    } catch (error) {
      skipped.push((error as Error).message);
    }
  }
  return undefined;
}

/** Keeps the newest `keep` bundles. */
export function pruneBundles(runDirectory: string, keep: number): void {
  for (const directory of listBundles(runDirectory).slice(keep)) rmSync(directory, { recursive: true, force: true });
}
