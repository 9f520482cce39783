import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The one test configuration every package's `npm test` runs with (`--config ../../vitest.config.ts`;
 * the root stays the package's folder): a minute per test, and one temporary directory per run,
 * removed at its end (test/temporary-directory.ts).
 */
export default defineConfig({
  test: {
    testTimeout: 60_000,
    globalSetup: [join(import.meta.dirname, 'test', 'temporary-directory.ts')],
  },
});
