import type { PipelineGraph } from '../graph/stage-node.ts';
import { stageChain } from '../graph/stage-chain.ts';
import type { RunContext } from '../run/run-context.ts';
import { executeGraph } from './execute-graph.ts';

/**
 * The first output of one stage, computed by running only that stage and the stages it reads:
 * a pipeline's test data without its training (`granular eval` compares with it). The chain
 * must not read side inputs of stages outside it.
 */
export async function stageOutput<T>(graph: PipelineGraph, id: string, context: RunContext): Promise<T> {
  const nodes = stageChain(graph, id);
  if (nodes.length === 0) throw new Error(`the pipeline has no stage '${id}'`);
  const chain: PipelineGraph = {
    nodes,
    byId: new Map(nodes.map((node) => [node.id, node])),
    consumers: new Map(nodes.map((node, i) => [node.id, i + 1 < nodes.length ? [nodes[i + 1]!.id] : []])),
    groupInstances: new Map(),
  };
  const output = context.sideInput<T>(id);
  output.catch(() => {}); // awaited below, after the execution that settles it
  await executeGraph(chain, context, { prefetch: 1, inFlight: 1, publish: [id] });
  return output;
}
