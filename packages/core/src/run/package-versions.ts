import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The installed version of a package, found by walking up node_modules folders as Node does. */
export function installedVersion(name: string, from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let directory = from; ; directory = dirname(directory)) {
    const manifest = join(directory, 'node_modules', name, 'package.json');
    if (existsSync(manifest)) return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
    if (dirname(directory) === directory) return undefined;
  }
}

export function installedVersions(names: readonly string[]): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of names) {
    const version = installedVersion(name);
    if (version) versions[name] = version;
  }
  return versions;
}

/** The commit the code runs from, and whether the work tree has changes, when it is a git checkout. */
export function gitState(directory: string): { commit: string; dirty: boolean } | null {
  try {
    const options = {
      cwd: directory,
      encoding: 'utf8' as const,
      stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'],
    };
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], options).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], options).trim().length > 0;
    return { commit, dirty };
  } catch {
    return null;
  }
}
