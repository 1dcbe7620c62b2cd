import { isAlias, isCollection, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { ScenarioError, type ScenarioProblem } from './errors.js';
import { show } from './issues.js';
import { locate } from './locate.js';
import { isPlainObject } from './overrides.js';

/** A YAML file parsed into a mapping, with what it takes to trace a key path back to its line. */
export interface YamlMapping {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly data: Record<string, unknown>;
}

/**
 * Parses the text of `file` (scenario or targets file) as a YAML mapping. Syntax errors, unrepresentable values and
 * anything but a mapping at the top become a ScenarioError naming the file and line; `expected` says what the
 * mapping should hold, for the message.
 */
export function parseYamlMapping(file: string, text: string, expected: string): YamlMapping {
  if (text.includes('\0') || text.includes('\uFFFD')) {
    // Not echoed: a binary file would make one enormous message.
    throw new ScenarioError({ file, path: '', message: `not a YAML text file (it holds binary data); expected ${expected}` });
  }
  const lines = new LineCounter();
  // Duplicate keys are found by keyProblems in linear time (yaml's own check is quadratic in a mapping's size).
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return {};
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    // The first syntax error: later ones are mostly its echoes.
    const e = doc.errors[0]!;
    throw new ScenarioError({ file, path: '', ...at(e.pos[0]), message: `YAML syntax: ${e.message}` });
  }
  const problems = [...keyProblems(doc), ...tagProblems(doc)].map((p) => ({ file, path: '', ...at(p.offset), message: p.message }));
  if (problems.length > 0) throw new ScenarioError(problems);
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    // Aliases that expand too far (an alias bomb): placed at the first alias.
    const alias = firstAlias(doc);
    throw new ScenarioError({ file, path: '', ...at(alias?.range?.[0]), message: `YAML: ${err instanceof Error ? err.message : String(err)}` });
  }
  if (!isPlainObject(data)) {
    const got = data === null || data === undefined ? 'an empty file' : show(data);
    throw new ScenarioError({ file, path: '', line: 1, message: `expected ${expected}, got ${got}` });
  }
  return { file, doc, lines, data };
}

/** Keys a scenario cannot have (a list or mapping as a key, a missing or null key) and aliases without an anchor. */
function keyProblems(doc: Document): { offset?: number; message: string }[] {
  const problems: { offset?: number; message: string }[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key) || pair.key.value === null) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) problems.push({ offset: (pair.key as Node).range?.[0], message: `the key "${key}" is given twice in one mapping (keys must be unique)` });
        seen.add(key);
      }
    },
    Pair(_, pair) {
      const key = pair.key as Node | null;
      const offset = key?.range?.[0] ?? (pair.value as Node | null)?.range?.[0];
      if (key === null || (isScalar(key) && (key.value === null || key.value === ''))) problems.push({ offset, message: 'a key is missing (an empty or null key)' });
      else if (isCollection(key)) problems.push({ offset, message: 'a key must be a name, not a list or mapping' });
      else if (isAlias(key)) problems.push({ offset, message: 'a key must be a name, not an alias' });
    },
    Alias(_, alias) {
      if (alias.resolve(doc) === undefined) problems.push({ offset: alias.range?.[0], message: `the alias *${alias.source} refers to no anchor set before it` });
    },
  });
  return problems;
}

/**
 * Values whose explicit tag YAML could not apply (`!!float 1500`: YAML 1.2 reads !!float only with a decimal point or
 * an exponent). yaml then keeps the text as a string and only warns, so the schema would say "got \"1500\"" of what
 * reads as a number; the tag is named instead.
 */
function tagProblems(doc: Document): { offset?: number; message: string }[] {
  const problems: { offset?: number; message: string }[] = [];
  visit(doc, {
    Scalar(_, node) {
      const tag = node.tag?.replace('tag:yaml.org,2002:', '!!');
      if (tag === undefined || tag === '!!str' || typeof node.value !== 'string') return;
      const hint = tag === '!!float' ? ' (YAML 1.2 reads !!float only with a decimal point or an exponent, e.g. 1500.0)' : '';
      problems.push({ offset: node.range?.[0], message: `the tag ${tag} does not fit the value "${node.value.slice(0, 40)}"${hint}; remove the tag` });
    },
  });
  return problems;
}

function firstAlias(doc: Document): Node | undefined {
  let found: Node | undefined;
  visit(doc, {
    Alias(_, alias) {
      found = alias;
      return visit.BREAK;
    },
  });
  return found;
}

/** Where a key path is written in a parsed file, for a message: the file and key path, and the line when found. */
export function keyLocation(source: Pick<YamlMapping, 'file' | 'doc' | 'lines'>, keyPath: readonly string[]): Omit<ScenarioProblem, 'message'> {
  const loc = locate(source.doc, source.lines, keyPath);
  return { file: source.file, path: keyPath.join('.'), line: loc?.line, column: loc?.column };
}
