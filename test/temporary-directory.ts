import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup (vitest.config.ts): every temporary file a package's test run makes goes
 * under one directory, removed when the run ends. Tests make their folders with
 * mkdtemp(tmpdir()) and do not remove them (the runs, exports and packed installs they check are
 * read after the test); left behind run after run, they filled 74 GB of /tmp on the development
 * machine (a packed install alone is 0.6 GB) until a test run failed with ENOSPC. Node's tmpdir()
 * reads TMPDIR at every call, and the test workers and the CLI processes the tests start inherit
 * it, so all of it lands here.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'granular-tests-'));
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
  };
}
