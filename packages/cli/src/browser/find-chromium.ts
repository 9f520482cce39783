import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UserError } from '@granular/core';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * A Chromium or Chrome on this machine: $CHROMIUM_PATH, else the first of the usual names on
 * $PATH. Nothing is downloaded: on Debian `apt-get install chromium` provides it.
 */
export function findChromium(): string {
  const explicit = process.env['CHROMIUM_PATH'];
  if (explicit) {
    if (!existsSync(explicit))
      throw new UserError(
        `CHROMIUM_PATH is ${explicit}, which does not exist`,
        'point it at a Chromium or Chrome executable',
      );
    return explicit;
  }
  for (const directory of (process.env['PATH'] ?? '').split(delimiter)) {
    for (const name of NAMES) if (existsSync(join(directory, name))) return join(directory, name);
  }
  throw new UserError(
    'no Chromium found (looked for chromium, chromium-browser, google-chrome on PATH)',
    'install it from the system packages (Debian: apt-get install chromium) or set CHROMIUM_PATH',
  );
}

/**
 * Flags for Chromium on a machine without internet: no sandbox (CI runs as root), no GPU, and
 * none of the background connections (updates, sync, QUIC probes) that a closed network
 * refuses, many at a time. Callers add --headless and a fresh --user-data-dir (playwright-core
 * adds both itself).
 */
export const OFFLINE_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
