import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PipelineError } from '../errors/pipeline-error.ts';
import type { SourceLocation } from '../errors/source-location.ts';
import type { Catalog, Contribution } from '../registry/catalog.ts';

const LISTS = ['stages', 'models', 'losses', 'metrics', 'penalties'] as const;
const KIND_OF_LIST = {
  stages: 'stage',
  models: 'model',
  losses: 'loss',
  metrics: 'metric',
  penalties: 'penalty',
} as const;

/**
 * Imports a plugin module named in a pipeline's `plugins:` and registers what it exports:
 * arrays named `stages`, `models`, `losses`, `metrics`, `penalties` (or a default export holding them),
 * made with the same `define*` functions as the built-ins. This is the only way a pipeline
 * causes code to run, and only code the user listed.
 */
export async function loadPlugin(
  path: string,
  baseDirectory: string,
  catalog: Catalog,
  location: SourceLocation,
): Promise<void> {
  const file = resolve(baseDirectory, path);
  if (!existsSync(file)) {
    throw new PipelineError({
      location,
      message: `plugin '${path}' does not exist (looked for ${file})`,
      hint: 'plugin paths are relative to the pipeline file that lists them',
    });
  }
  let module: Record<string, unknown>;
  // A plugin is code: it may end the process or never finish loading. Say which plugin did.
  const onExit = (code: number) =>
    process.stderr.write(`\ngranular: plugin '${path}' ended the process (exit code ${code}) while it was loading\n`);
  process.once('exit', onExit);
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PluginTimeout()), PLUGIN_LOAD_SECONDS * 1000);
    });
    module = (await Promise.race([import(pathToFileURL(file).href), timeout])) as Record<string, unknown>;
  } catch (error) {
    throw new PipelineError({
      location,
      message:
        error instanceof PluginTimeout
          ? `plugin '${path}' did not finish loading within ${PLUGIN_LOAD_SECONDS} s`
          : `plugin '${path}' failed to load: ${describeThrown(error)}`,
      hint:
        error instanceof PluginTimeout
          ? 'does it await something at the top level that never settles?'
          : compiledAsCommonJs(error)
            ? 'the plugin was compiled as CommonJS: give its folder a package.json with "type": "module" (granular init does), or name it .mts'
            : 'run the module on its own (npx tsx <file>) to see the whole error',
    });
  } finally {
    clearTimeout(timer);
    process.off('exit', onExit);
  }
  const contribution = (isContribution(module['default']) ? module['default'] : module) as Contribution;
  if (!LISTS.some((list) => Array.isArray(contribution[list]))) {
    throw new PipelineError({
      location,
      message: `plugin '${path}' exports none of ${LISTS.join(', ')}`,
      hint: 'export const stages = [defineStage({ ... })]',
    });
  }
  for (const list of LISTS) {
    for (const definition of contribution[list] ?? []) {
      const registry = catalog[list] as { has(name: string): boolean; register(d: unknown): void };
      const expected = KIND_OF_LIST[list];
      if (!definition || definition.kind !== expected || typeof definition.name !== 'string') {
        throw new PipelineError({
          location,
          message: `plugin '${path}' lists in ${list} something that is not a ${expected} definition`,
          hint: `make each with define${expected[0]!.toUpperCase()}${expected.slice(1)}(…)`,
        });
      }
      if (registry.has(definition.name)) {
        throw new PipelineError({
          location,
          message: `plugin '${path}' registers ${expected} '${definition.name}', which already exists`,
          hint: 'give it a name of its own (a prefix such as my-lab/ helps)',
        });
      }
      registry.register(definition);
    }
  }
}

/** Loading a plugin may take this long (its imports included); then it is reported, not waited for. */
export const PLUGIN_LOAD_SECONDS = 10;

class PluginTimeout extends Error {}

/** What a plugin threw, in one line: an Error's message, or the thrown value itself (`throw null`). */
function describeThrown(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0]!;
  const shown = typeof error === 'string' ? `'${error}'` : String(error);
  return `it threw ${shown.slice(0, 200)}, not an Error`;
}

function isContribution(value: unknown): value is Contribution {
  return typeof value === 'object' && value !== null && LISTS.some((list) => list in value);
}

/** A .ts plugin outside an ES-module package is compiled to CommonJS, which cannot require Granular's ES modules. */
function compiledAsCommonJs(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'ERR_REQUIRE_CYCLE_MODULE' ||
    code === 'ERR_REQUIRE_ESM' ||
    /require\(\) ES Module/.test(String((error as Error | null)?.message))
  );
}
