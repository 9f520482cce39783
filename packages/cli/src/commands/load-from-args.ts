import { loadPipeline, type LoadedPipeline } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { UsageError } from '../command.ts';

export interface PipelineArgs {
  set?: string[];
  skip?: string[];
  seed?: string;
  backend?: string;
}

/**
 * `--seed`, `--backend` and `--skip STAGE` are shorthands for `--set seed=…`, `--set backend=…`
 * and `--set stages.STAGE=null`: validated alike, and recorded in the resolved pipeline.
 */
export function overridesFrom(values: PipelineArgs): string[] {
  const overrides = [...(values.set ?? []), ...(values.skip ?? []).map((stage) => `stages.${stage}=null`)];
  if (values.seed !== undefined) overrides.push(`seed=${values.seed}`);
  if (values.backend !== undefined) overrides.push(`backend=${values.backend}`);
  return overrides;
}

export async function loadFromArgs(
  positionals: string[],
  values: PipelineArgs,
  command: string,
): Promise<LoadedPipeline> {
  if (positionals.length !== 1)
    throw new UsageError(`granular ${command} takes one pipeline file, got ${positionals.length}`);
  return loadPipeline(positionals[0]!, builtinCatalog(), { overrides: overridesFrom(values) });
}

export const pipelineOptions = {
  set: { type: 'string', multiple: true },
  skip: { type: 'string', multiple: true },
  seed: { type: 'string' },
  backend: { type: 'string' },
} as const;
