import { sideInputEdges, type PipelineGraph } from '@granular/core';
import { escapeXml } from './escape-xml.ts';

const BOX_WIDTH = 150;
const BOX_HEIGHT = 42;
const COLUMN_GAP = 18;
const ROW_GAP = 34;
const MARGIN = 12;

/**
 * The stage graph as a self-contained SVG, drawn top to bottom: each stage in the row below
 * every stage it reads (its input and side inputs), in the order of the file within a row.
 * Data edges are solid, side inputs dashed. No layout library: pipelines are small and layered.
 */
export function graphToSvg(graph: PipelineGraph): string {
  const side = sideInputEdges(graph.nodes);
  const reads = new Map<string, string[]>(graph.nodes.map((node) => [node.id, node.from ? [node.from] : []]));
  for (const edge of side) reads.get(edge.to)?.push(edge.from);

  const layer = new Map<string, number>();
  const layerOf = (id: string, seen: Set<string> = new Set()): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // the graph is checked acyclic; this only guards the recursion
    seen.add(id);
    const value = Math.max(-1, ...(reads.get(id) ?? []).map((source) => layerOf(source, seen))) + 1;
    layer.set(id, value);
    return value;
  };
  const rows: string[][] = [];
  for (const node of graph.nodes) (rows[layerOf(node.id)] ??= []).push(node.id);

  const position = new Map<string, { x: number; y: number }>();
  rows.forEach((ids, r) =>
    ids.forEach((id, c) =>
      position.set(id, { x: MARGIN + c * (BOX_WIDTH + COLUMN_GAP), y: MARGIN + r * (BOX_HEIGHT + ROW_GAP) }),
    ),
  );
  const columns = Math.max(...rows.map((ids) => ids.length));
  const width = MARGIN * 2 + columns * BOX_WIDTH + (columns - 1) * COLUMN_GAP;
  const height = MARGIN * 2 + rows.length * (BOX_HEIGHT + ROW_GAP) - ROW_GAP;

  const edge = (from: string, to: string, dashed: boolean) => {
    const a = position.get(from);
    const b = position.get(to);
    if (!a || !b) return '';
    const [x1, y1, x2, y2] = [a.x + BOX_WIDTH / 2, a.y + BOX_HEIGHT, b.x + BOX_WIDTH / 2, b.y];
    const bend = Math.max(14, (y2 - y1) / 2);
    return `<path d="M${x1},${y1} C${x1},${y1 + bend} ${x2},${y2 - bend} ${x2},${y2}" fill="none" stroke="${dashed ? '#999' : '#555'}" stroke-width="1.3"${dashed ? ' stroke-dasharray="5,4"' : ''} marker-end="url(#arrow)"/>`;
  };
  const boxes = graph.nodes.map((node) => {
    const { x, y } = position.get(node.id)!;
    const every = node.every !== undefined ? ` · every ${node.every}` : '';
    return (
      `<g><rect x="${x}" y="${y}" width="${BOX_WIDTH}" height="${BOX_HEIGHT}" rx="6" fill="#eef3fb" stroke="#4a6fa5"/>` +
      `<text x="${x + BOX_WIDTH / 2}" y="${y + 17}" text-anchor="middle" font-size="12" font-weight="bold">${escapeXml(node.id)}</text>` +
      `<text x="${x + BOX_WIDTH / 2}" y="${y + 33}" text-anchor="middle" font-size="10" fill="#444">${escapeXml(node.use + every)}</text></g>`
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    ...graph.nodes.filter((node) => node.from).map((node) => edge(node.from!, node.id, false)),
    ...side.map((e) => edge(e.from, e.to, true)),
    ...boxes,
    '</svg>',
  ].join('\n');
}
