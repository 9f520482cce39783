import { existsSync } from 'node:fs';
import { join } from 'node:path';

const CLI_PACKAGE = join(import.meta.dirname, '..');

/**
 * The folder of the pipelines Granular ships, which others extend by name (`extends:
 * granular:mnist-dcgan`): packed into the CLI's package (`npm pack` copies them), or, in a
 * clone of the repository, its pipelines/ folder.
 */
export function shippedPipelinesDirectory(): string {
  const packed = join(CLI_PACKAGE, 'pipelines');
  return existsSync(packed) ? packed : join(CLI_PACKAGE, '..', '..', 'pipelines');
}
