import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';

/** Each mapping's pairs by key, built once per mapping, so placing many problems in a large file stays linear. */
const INDEX = new WeakMap<YAMLMap, Map<string, Pair>>();

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  let index = INDEX.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      if (!isScalar(p.key)) continue;
      const k = String(p.key.value);
      if (!index.has(k)) index.set(k, p);
    }
    INDEX.set(map, index);
  }
  return index.get(key);
}

/** Where a key path is written in a YAML document. */
export interface Location {
  /** How many leading keys of the path were found (path.length when the whole path is written there). */
  readonly depth: number;
  /** 1-based line and column of the deepest key found. */
  readonly line: number;
  readonly column: number;
}

/**
 * Finds where the keys of `path` are written in `doc`, as deep as they go. The position is that of the
 * key itself (`amount:`), not its value, so an empty or missing value still gets a line.
 * Returns undefined when not even the first key is in the document.
 */
export function locate(doc: Document, lines: LineCounter, path: readonly string[]): Location | undefined {
  let node: unknown = doc.contents;
  let found: Location | undefined;
  for (let depth = 0; depth < path.length; depth++) {
    if (isAlias(node)) node = node.resolve(doc);
    const key = path[depth]!;
    let keyNode: Node | null = null;
    if (isMap(node)) {
      const pair = pairOf(node, key);
      if (!pair) break;
      keyNode = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && /^\d+$/.test(key) && Number(key) < node.items.length) {
      node = node.items[Number(key)];
      keyNode = node as Node | null;
    } else {
      break;
    }
    const offset = keyNode?.range?.[0];
    if (offset === undefined) break;
    const pos = lines.linePos(offset);
    found = { depth: depth + 1, line: pos.line, column: pos.col };
  }
  return found;
}
