import { PipelineError } from '../errors/pipeline-error.ts';
import { NONE_PORT, portAccepts } from '../stage/port-types.ts';
import type { PipelineGraph, StageNode } from './stage-node.ts';

/**
 * Checks the edges of expanded nodes (port types, cycles) and orders the nodes so that each
 * comes after the node it reads. Every stage has at most one input, so a cycle is a closed
 * chain of `from:` links; each is reported once, at the first of its stages in the file.
 */
export function buildGraph(
  nodes: readonly StageNode[],
  groupInstances: ReadonlyMap<string, string>,
): { graph: PipelineGraph; errors: PipelineError[] } {
  const errors: PipelineError[] = [];
  const byId = new Map(nodes.map((node) => [node.id, node]));

  for (const node of nodes) {
    const source = node.from !== undefined ? byId.get(node.from) : undefined;
    if (!source || !node.definition.input) continue;
    if (!portAccepts(node.definition.input, source.definition.output)) {
      errors.push(
        new PipelineError({
          location: node.inputVia ?? node.locate(['from']),
          message: `stage '${node.id}' (${node.use}) takes ${node.definition.input}, but '${source.id}' (${source.use}) gives ${source.definition.output}`,
          path: `${node.path}.from`,
          hint:
            source.definition.output.name === NONE_PORT.name
              ? `'${source.id}' is a sink; read from the stage before it`
              : `connect a stage that gives ${node.definition.input}`,
        }),
      );
    }
  }

  const order: StageNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (node: StageNode, chain: StageNode[]): void => {
    if (state.get(node.id) === 'done') return;
    if (state.get(node.id) === 'visiting') {
      const cycle = chain.slice(chain.indexOf(node));
      const key = cycle
        .map((n) => n.id)
        .sort()
        .join(' ');
      if (!reported.has(key)) {
        reported.add(key);
        errors.push(cycleError(cycle));
      }
      return;
    }
    state.set(node.id, 'visiting');
    const source = node.from !== undefined ? byId.get(node.from) : undefined;
    if (source) visit(source, [...chain, node]);
    state.set(node.id, 'done');
    order.push(node);
  };
  for (const node of nodes) visit(node, []);

  const consumers = new Map<string, string[]>(nodes.map((node) => [node.id, []]));
  for (const node of order) if (node.from !== undefined) consumers.get(node.from)?.push(node.id);
  return { graph: { nodes: order, byId, consumers, groupInstances }, errors };
}

/** `chain` lists readers before what they read; the message shows data flow, first written stage first. */
function cycleError(chain: StageNode[]): PipelineError {
  const flow = [...chain].reverse();
  const first = [...flow].sort((a, b) => a.location.line - b.location.line || a.location.col - b.location.col)[0]!;
  const start = flow.indexOf(first);
  const rotated = [...flow.slice(start), ...flow.slice(0, start)];
  const names = [...rotated, rotated[0]!].map((n) => n.id).join(' → ');
  return new PipelineError({
    location: first.locate(['from']),
    message: `the stages ${names} form a cycle`,
    path: `${first.path}.from`,
    hint: 'data must flow from a source to sinks; one of these `from:` links has to point elsewhere',
  });
}
