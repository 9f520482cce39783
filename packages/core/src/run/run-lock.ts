import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors/user-error.ts';

export const LOCK_FILE = 'run.lock';

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, someone else's
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined; // removed meanwhile, or written half: treated as stale
  }
}

/**
 * Takes a run directory for this process (`run.lock`, created exclusively, holding the pid):
 * two runs writing one directory would interleave their events and checkpoints. A lock whose
 * process is gone (killed, crashed) is stale and taken over. Returns the release.
 */
export function lockRunDirectory(directory: string): () => void {
  const file = join(directory, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const descriptor = openSync(file, 'wx');
      writeSync(
        descriptor,
        `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() } satisfies LockOwner)}\n`,
      );
      closeSync(descriptor);
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(file);
    if (owner && owner.host !== hostname()) {
      throw new UserError(
        `${directory} is in use by a run on ${owner.host} (process ${owner.pid}, since ${owner.since})`,
        `a run directory holds one run at a time; if that run is gone, delete ${file}`,
      );
    }
    if (owner && isAlive(owner.pid)) {
      throw new UserError(
        `${directory} is in use by another run (process ${owner.pid}, since ${owner.since})`,
        'a run directory holds one run at a time: wait for it to end, or give another --out',
      );
    }
    rmSync(file, { force: true }); // its process is gone: a stale lock
  }
  throw new UserError(`${directory}: could not take ${LOCK_FILE}`, 'another run keeps taking it; give another --out');
}

/** Refuses (as lockRunDirectory would) when a live run holds the directory: for commands that change it before running. */
export function assertRunDirectoryFree(directory: string): void {
  lockRunDirectory(directory)();
}
