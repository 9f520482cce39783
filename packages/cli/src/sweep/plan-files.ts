import { loadPipeline } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { UsageError } from '../command.ts';
import { planSweep, runDirectoryName, type PlannedRun, type SweepPlan } from './sweep-plan.ts';

/** A planned run of a sweep of one or more files: which file, and where its run directory goes. */
export interface FileRun extends PlannedRun {
  file: string;
  directory: string;
}

export interface FilesPlan {
  /** Each file's own plan, in the order given. */
  plans: { file: string; name: string; plan: SweepPlan; jobs: number | undefined }[];
  /** Every run, numbered through all files; with several files labelled and named by pipeline. */
  runs: FileRun[];
}

/**
 * Plans a sweep over several pipeline files: each file's `sweep:` block with the command line's
 * grid and seeds on top, one after the other. With several files a run's configuration starts
 * with its pipeline's name (`mnist-msg loss=hinge`), and so does its directory.
 */
export async function planSweepFiles(
  files: readonly string[],
  overrides: readonly string[],
  grid: readonly string[],
  seeds: number[] | undefined,
): Promise<FilesPlan> {
  if (new Set(files).size !== files.length) throw new UsageError('granular sweep: a pipeline file is given twice');
  const plans: FilesPlan['plans'] = [];
  for (const file of files) {
    const base = await loadPipeline(file, builtinCatalog(), { overrides });
    plans.push({
      file,
      name: base.spec.name,
      plan: planSweep(base.sweep, grid, seeds, base.spec.seed),
      jobs: base.sweep?.jobs,
    });
  }
  const several = plans.length > 1;
  if (several && new Set(plans.map((p) => p.name)).size !== plans.length)
    throw new UsageError('granular sweep: two of the files have the same pipeline name; runs are told apart by it');
  let index = 0;
  const runs = plans.flatMap(({ file, name, plan }) =>
    plan.runs.map((run) => {
      const labelled = {
        ...run,
        index: ++index,
        ...(several ? { configuration: run.configuration === '(base)' ? name : `${name} ${run.configuration}` } : {}),
      };
      return { ...labelled, file, directory: runDirectoryName(labelled, several ? name : undefined) };
    }),
  );
  return { plans, runs };
}
