import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gitState } from './package-versions.ts';

const CORE_PACKAGE = join(import.meta.dirname, '..', '..');
/** Written into the packed package by `npm pack` (prepack), where there is no git checkout to ask. */
export const BUILD_INFO = 'build-info.json';

/**
 * The Granular that runs: its version, and its commit when known: from the clone it runs in
 * (only if that clone is Granular's own, not a project that installed it), else from the
 * build-info.json `npm pack` wrote. The pipeline's own repository is recorded separately.
 */
export function granularBuild(): { version: string; commit: string | null; dirty?: boolean } {
  const version = (JSON.parse(readFileSync(join(CORE_PACKAGE, 'package.json'), 'utf8')) as { version: string }).version;
  const checkout = resolve(CORE_PACKAGE, '..', '..');
  if (isGitToplevel(checkout)) {
    const state = gitState(checkout);
    if (state) return { version, ...state };
  }
  const info = join(CORE_PACKAGE, BUILD_INFO);
  const commit = existsSync(info)
    ? ((JSON.parse(readFileSync(info, 'utf8')) as { commit?: string }).commit ?? null)
    : null;
  return { version, commit };
}

function isGitToplevel(directory: string): boolean {
  try {
    return (
      resolve(
        execFileSync('git', ['rev-parse', '--show-toplevel'], {
          cwd: directory,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim(),
      ) === directory
    );
  } catch {
    return false;
  }
}
