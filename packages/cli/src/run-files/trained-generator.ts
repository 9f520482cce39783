import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadPipeline, UserError, type LoadedPipeline } from '@granular/core';
import { bundleLayout, bundleName, latestGoodBundle, verifyBundle } from '@granular/trainer';
import { builtinCatalog } from '../builtin-catalog.ts';

/** A run's trained generator on disk: which checkpoint, which weights, and how to read its output. */
export interface TrainedGenerator {
  pipeline: LoadedPipeline;
  /** The model's name in the pipeline (G unless the pipeline names it otherwise). */
  name: string;
  step: number;
  /** models/G.ema when the run kept a moving average (what its samples and metrics used), else models/G. */
  weights: string;
  averaged: boolean;
  /** The value range of G's output, as the pipeline's evaluation stages read it. */
  range: [number, number];
}

/** G's output range: from the pipeline's eval/metrics or eval/samples stage, which must know it to read the images. */
function outputRange(pipeline: LoadedPipeline): [number, number] {
  const reader =
    pipeline.graph.nodes.find((node) => node.use === 'eval/metrics') ??
    pipeline.graph.nodes.find((node) => node.use === 'eval/samples');
  return (reader?.params['range'] as [number, number] | undefined) ?? [-1, 1];
}

/** The generator of RUN_DIR's newest good checkpoint (or of `checkpoint`), checksums verified. */
export async function locateGenerator(runDirectory: string, checkpoint?: string): Promise<TrainedGenerator> {
  if (!existsSync(join(runDirectory, 'pipeline.yaml')))
    throw new UserError(
      `${runDirectory} is not a run directory (no pipeline.yaml)`,
      'give the directory that `granular run` printed',
    );
  const pipeline = await loadPipeline(join(runDirectory, 'pipeline.yaml'), builtinCatalog());
  const bundle =
    checkpoint !== undefined
      ? join(runDirectory, 'checkpoints', bundleName(Number(checkpoint)))
      : latestGoodBundle(runDirectory)?.directory;
  if (!bundle || !existsSync(bundle))
    throw new UserError(
      `${runDirectory} has no checkpoint${checkpoint !== undefined ? ` at step ${checkpoint}` : ''}`,
      'runs keep checkpoints when they have a train/checkpoint stage',
    );
  const state = verifyBundle(bundle);
  const name = [...pipeline.models.keys()].find((model) => model === 'G') ?? [...pipeline.models.keys()][0];
  if (!name)
    throw new UserError(
      `${runDirectory}/pipeline.yaml has no models`,
      'only runs that train a generator can be evaluated or exported',
    );
  const averaged = existsSync(bundleLayout.movingAverage(bundle, name));
  return {
    pipeline,
    name,
    step: state.step,
    weights: averaged ? bundleLayout.movingAverage(bundle, name) : bundleLayout.model(bundle, name),
    averaged,
    range: outputRange(pipeline),
  };
}
