import { createHash } from 'node:crypto';
import { UserError } from '@granular/core';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Refuses a data file whose bytes are not the ones this version of Granular was tested with. */
export function verifyChecksum(data: Uint8Array, expected: string, file: string, hint: string): void {
  const actual = sha256Hex(data);
  if (actual !== expected) {
    throw new UserError(
      `${file} is corrupt or not the expected version (sha256 ${actual.slice(0, 16)}…, expected ${expected.slice(0, 16)}…; ${data.length} bytes)`,
      hint,
    );
  }
}
