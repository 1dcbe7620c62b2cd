import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { OVERRIDE_FILE, ScenarioError, type ScenarioProblem } from './errors.js';
import { scenarioSchema } from './schema.js';
import { unknownKey } from './issues.js';
import { childSchema, isStringSchema, knownKeys } from './shape.js';

/** A parsed `--set path=value`. */
export interface Override {
  /** The override as typed. */
  readonly text: string;
  readonly path: readonly string[];
  readonly value: unknown;
}

/**
 * Parses `--set` overrides: `path=value`, the path a dot path that exists in the scenario schema, the value
 * read as YAML (`20000`, `bachelor`, `{interpolation: step, points: {2015: 300}}`). Every bad override is
 * reported, in one ScenarioError. Values are not validated here: the schema does that after merging.
 */
export function parseOverrides(texts: readonly string[]): Override[] {
  const problems: ScenarioProblem[] = [];
  const parsed: Override[] = [];
  for (const text of texts) {
    const result = parseOverride(text);
    if ('message' in result) problems.push({ file: OVERRIDE_FILE, override: text, path: '', message: result.message });
    else parsed.push(result);
  }
  if (problems.length > 0) throw new ScenarioError(problems);
  return parsed;
}

/** What `--set path=...` would say of an unknown path (known keys, "did you mean"); undefined when the path exists. */
export function unknownPathMessage(path: string): string | undefined {
  try {
    parseOverrides([`${path}=0`]);
    return undefined;
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems[0]!.message;
    throw err;
  }
}

/** The value at a dot path of a (resolved) scenario or any mapping; undefined where the path leads nowhere. */
export function valueAt(obj: unknown, path: string): unknown {
  let node = obj;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Readonly<Record<string, unknown>>)[key];
  }
  return node;
}

/**
 * The schema of the key at `path`, or why there is no such key (the level where the path leaves the schema, the keys
 * known there, "did you mean"). Every way of setting a key by path (--set, a sweep point, a calibration) asks here.
 */
export function keySchema(path: readonly string[]): { schema: z.core.$ZodType } | { message: string } {
  // The schema is fixed, so each path is looked up once: a sensitivity plan sets every ranged path at each of its points.
  const dotted = path.join('.');
  let found = keySchemas.get(dotted);
  if (found === undefined) keySchemas.set(dotted, (found = lookUpKey(path)));
  return found;
}

const keySchemas = new Map<string, { schema: z.core.$ZodType } | { message: string }>();

function lookUpKey(path: readonly string[]): { schema: z.core.$ZodType } | { message: string } {
  let schema: z.core.$ZodType = scenarioSchema;
  for (let i = 0; i < path.length; i++) {
    const child = childSchema(schema, path[i]!);
    if (!child) {
      const where = i === 0 ? 'at the top level' : `in ${path.slice(0, i).join('.')}`;
      const known = knownKeys(schema);
      return { message: known.length > 0 ? unknownKey(path[i]!, known, where) : `${path.slice(0, i).join('.')} is a single value, it has no key "${path[i]}"` };
    }
    schema = child;
  }
  return { schema };
}

function parseOverride(text: string): Override | { message: string } {
  const eq = text.indexOf('=');
  if (eq < 0) return { message: 'expected path=value, e.g. --set population.agents=20000' };
  const pathText = text.slice(0, eq).trim();
  const valueText = text.slice(eq + 1).trim();
  if (pathText === '') return { message: 'missing the key path before "="' };
  const path = pathText.split('.');
  const key = keySchema(path);
  if ('message' in key) return key;
  const { schema } = key;

  // An empty value means the empty string; anything else is YAML (a number, a word, a flow mapping...).
  if (valueText === '') return { text, path, value: '' };
  const doc = parseDocument(valueText, { prettyErrors: false });
  if (doc.errors.length > 0) return { message: `cannot read the value: ${doc.errors[0]!.message}` };
  let value: unknown = doc.toJS();
  // Shell quoting makes `name="2020"` awkward, so a scalar given for a text parameter stays text.
  if (value !== null && typeof value !== 'object' && typeof value !== 'string' && isStringSchema(schema)) value = valueText;
  return { text, path, value };
}

/** Returns a copy of `obj` with the `--set` overrides (`path=value`) applied in order: a later one wins. */
export function applyOverrides(obj: Readonly<Record<string, unknown>>, overrides: readonly string[]): Record<string, unknown> {
  return setOverrides(obj, parseOverrides(overrides));
}

/**
 * Applies parsed overrides to a copy of `obj`. Intermediate mappings are created as needed; descending into
 * a value that is not a mapping (e.g. a constant timeline) is an error.
 */
export function setOverrides(obj: Readonly<Record<string, unknown>>, parsed: readonly Override[]): Record<string, unknown> {
  const out = structuredClone(obj) as Record<string, unknown>;
  for (const o of parsed) {
    const problem = setAt(out, o.path, o.value);
    if (problem !== undefined) throw new ScenarioError({ file: OVERRIDE_FILE, override: o.text, path: '', message: problem });
  }
  return out;
}

/**
 * Sets a copy of `value` at `path` in `obj`, in place, creating intermediate mappings as needed. Returns why it
 * cannot when the path descends into a value that is not a mapping (e.g. a constant timeline).
 */
export function setAt(obj: Record<string, unknown>, path: readonly string[], value: unknown): string | undefined {
  let target = obj;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = target[key];
    if (next === undefined) {
      target = target[key] = {};
    } else if (isPlainObject(next)) {
      target = next;
    } else {
      const at = path.slice(0, i + 1).join('.');
      return `${at} is ${JSON.stringify(next)}, not a mapping; set it whole, e.g. --set '${at}={...}'`;
    }
  }
  target[path[path.length - 1]!] = structuredClone(value);
  return undefined;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
