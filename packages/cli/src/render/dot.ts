import { sideInputEdges, type LoadedPipeline } from '@granular/core';
import { graphId } from './mermaid.ts';

function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Graphviz DOT of the same graph as the Mermaid chart; group instances become clusters. */
export function toDot(pipeline: LoadedPipeline): string {
  const { graph, spec } = pipeline;
  const lines = [`digraph ${quoted(spec.name)} {`, '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];'];
  const nodeLine = (id: string, indent: string) => {
    const node = graph.byId.get(id)!;
    const parts = [id.split('/').at(-1)!, node.use, ...(node.every !== undefined ? [`every ${node.every}`] : [])];
    lines.push(`${indent}${graphId(id)} [label="${parts.map((part) => quoted(part).slice(1, -1)).join('\\n')}"];`);
  };
  const emit = (container: string, indent: string): void => {
    for (const node of graph.nodes) if ((node.groups.at(-1) ?? '') === container) nodeLine(node.id, indent);
    for (const [instance, group] of graph.groupInstances) {
      const parent = instance.includes('/') ? instance.slice(0, instance.lastIndexOf('/')) : '';
      if (parent !== container) continue;
      lines.push(
        `${indent}subgraph cluster_${graphId(instance)} {`,
        `${indent}  label=${quoted(`${instance} (${group})`)};`,
      );
      emit(instance, `${indent}  `);
      lines.push(`${indent}}`);
    }
  };
  emit('', '  ');
  for (const node of graph.nodes) {
    if (node.from === undefined) continue;
    lines.push(
      `  ${graphId(node.from)} -> ${graphId(node.id)} [label=${quoted(graph.byId.get(node.from)!.definition.output.name)}];`,
    );
  }
  for (const edge of sideInputEdges(graph.nodes))
    lines.push(`  ${graphId(edge.from)} -> ${graphId(edge.to)} [style=dashed, label="side input"];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
