import type { LoadedPipeline, ModelDefinition } from '@granular/core';
import type { Family } from './step-timer.ts';

/**
 * The models of a pipeline as a step-timer family: G and D with the pipeline's parameters, the
 * image shape of its D, and the pyramid levels when D judges a pyramid. Times what the pipeline
 * itself trains, without repeating its parameters elsewhere.
 */
export function pipelineFamily(loaded: LoadedPipeline, name = loaded.spec.name): Family {
  const g = loaded.models.get('G');
  const d = loaded.models.get('D');
  if (!g || !d) throw new Error(`${loaded.file}: step timing needs models G and D`);
  const pyramid = loaded.graph.nodes.find((node) => node.use === 'features/pyramid');
  const dParams = d.params as { shape?: [number, number, number]; scales?: number[]; channels?: number };
  const size = dParams.scales?.at(-1);
  const shape = dParams.shape ?? (size ? ([size, size, dParams.channels ?? 1] as [number, number, number]) : undefined);
  if (!shape) throw new Error(`${loaded.file}: cannot tell D's image shape (no shape: or scales:)`);
  return {
    name,
    generator: [g.definition as ModelDefinition, g.params],
    discriminator: [d.definition as ModelDefinition, d.params],
    shape,
    ...(pyramid ? { pyramidLevels: (pyramid.params as { scales: number[] }).scales.length } : {}),
  };
}

/** The batch size of the pipeline's data/batches stage. */
export function pipelineBatchSize(loaded: LoadedPipeline): number {
  const batches = loaded.graph.nodes.find((node) => node.use === 'data/batches');
  return (batches?.params as { size?: number } | undefined)?.size ?? 64;
}
