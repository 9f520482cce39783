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
