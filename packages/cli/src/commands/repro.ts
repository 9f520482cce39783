import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePath, loadPipeline, UserError, type RunManifest } from '@granular/core';
import { builtinCatalog } from '../builtin-catalog.ts';
import { defineCommand, UsageError } from '../command.ts';
import { compareRunOutputs } from '../repro/compare-run-outputs.ts';
import { executeRun } from './execute-run.ts';

export const reproCommand = defineCommand({
  name: 'repro',
  usage: 'granular repro RUN_DIR [--out DIR]',
  help: `Runs RUN_DIR/pipeline.yaml again (the resolved pipeline: same seed, same steps) on the backend
the run used, into RUN_DIR-repro (or --out DIR), then compares the two: every logged value in
step order, metrics.json, and every weight file of every checkpoint (models, moving averages,
optimizer states) byte for byte. Prints where they first differ. Exit code 0 when identical,
1 when not. docs/guide.md says what is bit-identical on which backend.

Example:
  granular repro runs/mnist-mlp/20261127T170000Z-1a2b3c4d`,
  options: { out: { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('granular repro takes one run directory');
    const runDirectory = positionals[0]!;
    const manifestFile = join(runDirectory, 'manifest.json');
    if (!existsSync(manifestFile) || !existsSync(join(runDirectory, 'pipeline.yaml')))
      throw new UserError(
        `${runDirectory} is not a run directory (no manifest.json or pipeline.yaml)`,
        'give the directory that `granular run` printed',
      );
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as RunManifest;
    if (manifest.status === 'running' || manifest.status === 'interrupted')
      throw new UserError(
        `${runDirectory} did not finish (status ${manifest.status})`,
        `finish it first: granular resume ${runDirectory}`,
      );
    const backend = manifest.backend.used ?? manifest.backend.requested;
    const loaded = await loadPipeline(join(runDirectory, 'pipeline.yaml'), builtinCatalog(), {
      overrides: [`backend=${backend}`],
    });
    const out = values.out ?? freePath(`${runDirectory.replace(/\/+$/, '')}-repro`);
    io.err(
      `repro: running ${manifest.pipeline} again (seed ${manifest.seed}, backend ${backend}, ${manifest.steps} steps) into ${out}\n`,
    );
    // A run stopped by a time budget is repeated to the step it reached: where a clock stops is not reproducible, the steps are.
    const maxSteps = manifest.maxSteps ?? (manifest.maxSeconds ? manifest.steps : undefined);
    if (manifest.maxSeconds)
      io.err(
        `repro: the run was bounded by --max-time; repeating its ${manifest.steps} steps (stages scheduled by every_seconds: may run at other steps)\n`,
      );
    await executeRun(loaded, { out, ...(maxSteps ? { maxSteps } : {}) }, io);

    const comparison = compareRunOutputs(runDirectory, out);
    const checked = `${comparison.events} logged values, ${comparison.checkpoints.length} checkpoint(s)${comparison.checkpoints.length ? ` (steps ${comparison.checkpoints.join(', ')})` : ''}, metrics.json`;
    if (comparison.identical) {
      io.out(`identical: ${checked}, byte for byte\n`);
      return 0;
    }
    const first = comparison.first!;
    io.out(`DIFFERENT: first at ${first.where}: ${first.detail}\n(compared ${checked})\n`);
    return 1;
  },
});
