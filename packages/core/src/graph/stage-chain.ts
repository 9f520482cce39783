import type { PipelineGraph, StageNode } from './stage-node.ts';

/**
 * A stage and the stages it reads, source first (`test` → `test-scaled`): what has to run to
 * compute that stage's output, and, in its first node, where its data comes from.
 */
export function stageChain(graph: PipelineGraph, id: string): StageNode[] {
  const chain: StageNode[] = [];
  for (let node = graph.byId.get(id); node; node = node.from !== undefined ? graph.byId.get(node.from) : undefined) {
    if (chain.includes(node)) break; // a validated graph has no cycles; a broken one must not hang this
    chain.unshift(node);
  }
  return chain;
}

/** Where a stage's data comes from: the source at the root of its chain, and the data set that source declares. */
export interface DataOrigin {
  id: string;
  use: string;
  params: Record<string, unknown>;
  /** The source's `dataset` (`mnist`), or undefined for data no one has a name for (a folder, synthetic). */
  dataset: string | undefined;
}

export function dataOrigin(graph: PipelineGraph, id: string): DataOrigin | undefined {
  const source = stageChain(graph, id)[0];
  if (!source) return undefined;
  const declared = (source.definition as { dataset?: string }).dataset;
  return { id: source.id, use: source.use, params: source.params, dataset: declared };
}
