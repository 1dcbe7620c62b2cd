import { LineCounter, parseDocument, type Document } from 'yaml';
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
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return { file, path: '', line: pos.line, column: pos.col, message: `YAML syntax: ${e.message}` };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    throw new ScenarioError({ file, path: '', message: `YAML: ${err instanceof Error ? err.message : String(err)}` });
  }
  if (!isPlainObject(data)) {
    const got = data === null || data === undefined ? 'an empty file' : show(data);
    throw new ScenarioError({ file, path: '', line: 1, message: `expected ${expected}, got ${got}` });
  }
  return { file, doc, lines, data };
}

/** Where a key path is written in a parsed file, for a message: the file and key path, and the line when found. */
export function keyLocation(source: Pick<YamlMapping, 'file' | 'doc' | 'lines'>, keyPath: readonly string[]): Omit<ScenarioProblem, 'message'> {
  const loc = locate(source.doc, source.lines, keyPath);
  return { file: source.file, path: keyPath.join('.'), line: loc?.line, column: loc?.column };
}
