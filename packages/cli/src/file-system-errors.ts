/**
 * What the machine refused, in words: permissions, a read-only or full disk, or a folder the
 * run writes into that was removed or replaced by something else while it ran.
 */
const FAULTS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  ENOTDIR: 'a part of the path is not a folder (was it replaced while the run went on?)',
  EISDIR: 'it is a folder, not a file',
};

/**
 * A failed read or write of the machine's, said as one line naming the path, or undefined for
 * any other error. These are faults of the environment, not of Granular or the pipeline: a
 * stack trace would only hide the path.
 */
export function describeFileSystemFault(error: unknown): string | undefined {
  const { code, path, syscall } = (error ?? {}) as { code?: string; path?: string; syscall?: string };
  if (!code || !(code in FAULTS)) return undefined;
  return `cannot ${syscall === 'open' || syscall === 'mkdir' || syscall === 'rename' || syscall === 'write' || syscall === 'unlink' ? 'write' : 'use'} ${path ?? 'a file'}: ${FAULTS[code]}`;
}
