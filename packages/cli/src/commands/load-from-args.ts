import { loadPipeline, type LoadedPipeline } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { UsageError } from '../command.ts';

export interface PipelineArgs {
  set?: string[];
  seed?: string;
  backend?: string;
}

/** `--seed` and `--backend` are shorthands for `--set seed=…` and `--set backend=…`: validated alike, and recorded in the resolved pipeline. */
export function overridesFrom(values: PipelineArgs): string[] {
  const overrides = [...(values.set ?? [])];
  if (values.seed !== undefined) overrides.push(`seed=${values.seed}`);
  if (values.backend !== undefined) overrides.push(`backend=${values.backend}`);
  return overrides;
}

export async function loadFromArgs(positionals: string[], values: PipelineArgs, command: string): Promise<LoadedPipeline> {
  if (positionals.length !== 1) throw new UsageError(`granular ${command} takes one pipeline file, got ${positionals.length}`);
  return loadPipeline(positionals[0]!, builtinCatalog(), { overrides: overridesFrom(values) });
}

export const pipelineOptions = {
  set: { type: 'string', multiple: true },
  seed: { type: 'string' },
  backend: { type: 'string' },
} as const;
