import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

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
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
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
