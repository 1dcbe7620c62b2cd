import { readInputText } from './read-input.js';
import path from 'node:path';
import { OVERRIDE_FILE, ScenarioError, type ScenarioProblem } from './errors.js';
import { show, type Described } from './issues.js';
import { locate } from './locate.js';
import { keyLocation, parseYamlMapping, type YamlMapping } from './yaml-file.js';
import { isPlainObject, parseOverrides, setOverrides, type Override } from './overrides.js';
import type { ExecutorSettings, Scenario } from './schema.js';
import { validateScenario } from './validate.js';

export interface LoadedScenario {
  /** The resolved scenario: every default filled in. Writing it out and loading that gives it back. */
  scenario: Scenario;
  /** The file's `executor` block (with the overrides): where simulating commands run, apart from the scenario. */
  executor: ExecutorSettings;
  /** The file as given. */
  file: string;
  /** The files of the `extends` chain, base first; the last is `file`. */
  chain: string[];
  /** Where a key path is written: the last file of the chain that writes it, with the line (for later checks' messages). */
  locate(keyPath: readonly string[]): Omit<ScenarioProblem, 'message' | 'path'>;
}

/** One file of the chain, kept parsed so problems can be traced to a line. */
interface Source extends YamlMapping {
  /** The file's mapping, without its `extends` key. */
  readonly data: Record<string, unknown>;
  readonly extends?: string;
}

/**
 * Loads a scenario file (YAML, or JSON, which is YAML too): follows `extends` to its bases, merges each
 * file over its base, names it, applies `--set` overrides and validates against the schema.
 * Every problem is a ScenarioError naming the file and line (or the override) it comes from.
 */
export async function loadScenario(file: string, overrides: readonly string[] = []): Promise<LoadedScenario> {
  const chain = await readChain(file, []);
  const top = chain[chain.length - 1]!;
  let merged: Record<string, unknown> = {};
  for (const source of chain) merged = mergeScenario(merged, source.data);
  // The name is never inherited: a variant without a name of its own is named after its file, so its
  // outputs never land in the base's output directory.
  merged.name = Object.hasOwn(top.data, 'name') ? top.data.name : path.basename(file, path.extname(file));

  const parsed = parseOverrides(overrides);
  merged = setOverrides(merged, parsed);

  const checked = validateScenario(merged);
  if ('problems' in checked) throw new ScenarioError(inReadingOrder(checked.problems.map((d) => place(d, chain, parsed)), overrides));
  const locateKey = (keyPath: readonly string[]) => {
    for (const source of [...chain].reverse()) {
      const loc = locate(source.doc, source.lines, keyPath);
      if (loc?.depth === keyPath.length) return { file: source.file, line: loc.line, column: loc.column };
    }
    return { file: top.file };
  };
  return { scenario: checked.scenario, executor: checked.executor, file, chain: chain.map((s) => s.file), locate: locateKey };
}

/**
 * Deep merge of a file over its base: mappings merge key by key; lists, scalars and timelines replace.
 * A timeline (a mapping with `interpolation` or `points`) replaces the base's wholesale, so a variant's
 * points never mix with the base's; so does any mapping given over a base's timeline.
 */
export function mergeScenario(base: Readonly<Record<string, unknown>>, child: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(child)) {
    const old = out[key];
    // A timeline replaces wholesale, also when the variant's mapping is not one (`{}` is then an error, not a no-op).
    const isTimeline = (v: unknown) => isPlainObject(v) && ('interpolation' in v || 'points' in v);
    out[key] = isPlainObject(old) && isPlainObject(value) && !isTimeline(value) && !isTimeline(old) ? mergeScenario(old, value) : value;
  }
  return out;
}

/**
 * Reads `file` and its bases, base first. `stack` holds the files that extend it, outermost first;
 * `referrer` is the file whose `extends` led here (blamed when this file cannot be read).
 */
async function readChain(file: string, stack: readonly string[], referrer?: Source): Promise<Source[]> {
  const seen = stack.map((f) => path.resolve(f)).indexOf(path.resolve(file));
  if (seen >= 0 && referrer) {
    const cycle = [...stack.slice(seen), file].join(' -> ');
    throw new ScenarioError({ ...keyLocation(referrer, ['extends']), message: `extends cycle: ${cycle}` });
  }
  const source = await readSource(file, referrer);
  if (source.extends === undefined) return [source];
  const base = path.isAbsolute(source.extends) ? source.extends : path.join(path.dirname(file), source.extends);
  const bases = await readChain(base, [...stack, file], source);
  return [...bases, source];
}

async function readSource(file: string, referrer?: Source): Promise<Source> {
  let text: string;
  try {
    text = await readInputText(file);
  } catch (err) {
    const reason = readError(err);
    throw new ScenarioError(
      referrer
        ? { ...keyLocation(referrer, ['extends']), message: `cannot read ${file}: ${reason}` }
        : { file, path: '', message: `cannot read the file: ${reason}` },
    );
  }

  const source: Source = parseYamlMapping(file, text, 'a mapping of scenario keys (name: ..., population: ...)');
  const { data } = source;
  if (!Object.hasOwn(data, 'extends')) return source;
  const { extends: ext, ...rest } = data;
  if (typeof ext !== 'string' || ext.trim() === '') {
    throw new ScenarioError({ ...keyLocation(source, ['extends']), message: `expected the file name of the base scenario, got ${show(ext)}` });
  }
  return { ...source, data: rest, extends: ext };
}

/** Why a file could not be read, in words (no such file, a directory, permission denied). */
export function readError(err: unknown): string {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTREG') return err instanceof Error ? err.message : 'not a regular file';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Problems grouped by file (in order of first appearance), each file's by line and the overrides' in the
 * order given, so the list reads top down.
 */
function inReadingOrder(problems: readonly ScenarioProblem[], overrides: readonly string[]): ScenarioProblem[] {
  const files = [...new Set(problems.map((p) => p.file))];
  const line = (p: ScenarioProblem) => p.line ?? (p.override !== undefined ? overrides.indexOf(p.override) : Number.POSITIVE_INFINITY);
  return files.flatMap((f) => problems.filter((p) => p.file === f).sort((a, b) => line(a) - line(b)));
}

/**
 * Finds who set the offending value: the last override on that path, else the last file of the chain that
 * writes the key (child first). If no file writes the whole path (the value is a default), the file with
 * the deepest part of it gets the blame, else the top file.
 */
function place(d: Described, chain: readonly Source[], overrides: readonly Override[]): ScenarioProblem {
  const dotted = d.path.join('.');
  for (const o of [...overrides].reverse()) {
    if (o.path.every((key, i) => d.path[i] === key)) return { file: OVERRIDE_FILE, override: o.text, path: dotted, message: d.message };
  }
  const top = chain[chain.length - 1]!;
  // The name is the top file's own (or its file name): never blame a base for it.
  if (d.path[0] === 'name') {
    const own = Object.hasOwn(top.data, 'name');
    return { ...keyLocation(top, own ? d.path : []), path: dotted, message: own ? d.message : `${d.message} (taken from the file name; add name: to the file)` };
  }
  let best: { source: Source; depth: number; line: number; column: number } | undefined;
  for (const source of [...chain].reverse()) {
    const loc = locate(source.doc, source.lines, d.path);
    if (loc && (!best || loc.depth > best.depth)) best = { source, ...loc };
    if (loc?.depth === d.path.length) break;
  }
  if (!best) return { file: top.file, path: dotted, message: d.message };
  return { file: best.source.file, path: dotted, line: best.line, column: best.column, message: d.message };
}
