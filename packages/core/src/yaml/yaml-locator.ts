import { isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

export type PathSegment = string | number;

export interface LocateOptions {
  /** Point at the key of the last segment rather than its value (for unknown or duplicate keys). */
  key?: boolean;
}

export interface Located {
  offset: number;
  /** How many segments of the path were found; fewer than asked means a parent was pointed at. */
  depth: number;
}

/**
 * Walks a YAML document along a path of keys and indices and returns the offset of the
 * deepest node found. ajv and our own checks speak in instance paths; users need lines.
 */
export function locateNode(document: Document, path: readonly PathSegment[], options: LocateOptions = {}): Located {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  let depth = 0;
  for (const [index, segment] of path.entries()) {
    const isLast = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      const keyStart = rangeStart(pair.key as Node);
      const valueStart = rangeStart(pair.value as Node | null);
      offset = isLast && options.key ? (keyStart ?? offset) : (valueStart ?? keyStart ?? offset);
      node = pair.value;
    } else if ((isSeq(node) && typeof segment === 'number') || (isSeq(node) && /^\d+$/.test(String(segment)))) {
      const item = (node as { items: unknown[] }).items[Number(segment)];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
    depth += 1;
  }
  return { offset, depth };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range?.[0];
}
