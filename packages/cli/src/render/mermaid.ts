import { sideInputEdges, type LoadedPipeline } from '@granular/core';

/** A safe Mermaid/DOT identifier for a node id such as `prep/norm`. */
export function graphId(id: string): string {
  return `s_${id.replace(/[^A-Za-z0-9]/g, '_')}`;
}

function label(text: string): string {
  return text.replace(/"/g, '#quot;');
}

/** A Mermaid flowchart: one box per stage (name and stage type), edges labelled with port types, groups as subgraphs. */
export function toMermaid(pipeline: LoadedPipeline): string {
  const { graph } = pipeline;
  const lines = ['flowchart LR'];
  const boxes = new Map<string, string[]>();
  for (const node of graph.nodes) {
    const container = node.groups.at(-1) ?? '';
    const every = node.every !== undefined ? `<br/>every ${node.every}` : '';
    const box = `${graphId(node.id)}["<b>${label(node.id.split('/').at(-1)!)}</b><br/>${label(node.use)}${every}"]`;
    boxes.set(container, [...(boxes.get(container) ?? []), box]);
  }
  const emit = (container: string, indent: string): void => {
    for (const box of boxes.get(container) ?? []) lines.push(`${indent}${box}`);
    for (const [instance, group] of graph.groupInstances) {
      const parent = instance.includes('/') ? instance.slice(0, instance.lastIndexOf('/')) : '';
      if (parent !== container) continue;
      lines.push(`${indent}subgraph ${graphId(instance)}["${label(instance)} (${label(group)})"]`);
      emit(instance, `${indent}  `);
      lines.push(`${indent}end`);
    }
  };
  emit('', '  ');
  for (const node of graph.nodes) {
    if (node.from === undefined) continue;
    const type = graph.byId.get(node.from)!.definition.output;
    lines.push(`  ${graphId(node.from)} -->|${type}| ${graphId(node.id)}`);
  }
  // Side inputs (a stage reading another's latest output, such as the test data) are dashed.
  for (const edge of sideInputEdges(graph.nodes))
    lines.push(`  ${graphId(edge.from)} -.->|side input| ${graphId(edge.to)}`);
  return `${lines.join('\n')}\n`;
}
