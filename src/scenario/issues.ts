import type { z } from 'zod';
import { describeSchema, knownKeys, schemaAt } from './shape.js';

/** A schema problem in words, with the key path it concerns. */
export interface Described {
  readonly path: string[];
  readonly message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues (parsed with `reportInput: true`, so each carries the offending value) into messages a
 * scenario author can act on. `schema` is the schema that was parsed, used to list known keys and to say
 * what a union (a timeline) expects.
 */
export function describeIssues(issues: readonly Issue[], schema: z.core.$ZodType): Described[] {
  // One message per key path: zod may report one value twice (a whole number above the safe range and above the
  // key's maximum); the last, the key's own bound, is the one to act on.
  const byPath = new Map<string, Described>();
  for (const d of issues.flatMap((issue) => describe(issue, [], schema))) {
    const key = d.path.join('\u0000');
    byPath.delete(key);
    byPath.set(key, d);
  }
  return [...byPath.values()];
}

function describe(issue: Issue, prefix: readonly PropertyKey[], schema: z.core.$ZodType): Described[] {
  const path = [...prefix, ...issue.path].map(String);
  const got = show(issue.input);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(schemaAt(schema, path) ?? schema);
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownKey(key, known) }));
    }
    case 'invalid_union': {
      // A timeline is a number or a {interpolation, points} mapping. If the value had the right kind for some
      // option, that option's own issues are the useful ones; otherwise say what kinds are accepted.
      const matched = issue.errors.find((branch) => !branch.every((i) => i.code === 'invalid_type' && i.path.length === 0));
      const empty = typeof issue.input === 'object' && issue.input !== null && Object.keys(issue.input).length === 0;
      if (matched && !empty) return matched.flatMap((i) => describe(i, path, schema));
      const at = schemaAt(schema, path);
      return [{ path, message: `expected ${at ? describeSchema(at) : 'a valid value'}, got ${got}` }];
    }
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, message: `missing: expected ${expected(issue.expected)}` }];
      return [{ path, message: `expected ${expected(issue.expected)}, got ${got}` }];
    case 'too_small':
      return [{ path, message: `must be ${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}, got ${got}` }];
    case 'too_big':
      return [{ path, message: `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}, got ${got}` }];
    case 'invalid_value':
      return [{ path, message: `expected one of ${issue.values.map(String).join(', ')}, got ${got}` }];
    case 'invalid_format':
      return [{ path, message: `${issue.message}, got ${got}` }];
    case 'invalid_key':
      return [{ path, message: `${issue.issues[0]?.message ?? 'invalid key'}, got ${got}` }];
    default:
      return [{ path, message: issue.message }];
  }
}

const EXPECTED: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
};

function expected(kind: string): string {
  return EXPECTED[kind] ?? kind;
}

/** A value as the author would recognise it: strings quoted, mappings and lists named. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value.length > 60 ? `${JSON.stringify(value.slice(0, 60))}... (${value.length} characters)` : JSON.stringify(value);
  return String(value);
}

/** `unknown key "x" <where> (did you mean "y"? known keys: ...)`. */
export function unknownKey(key: string, known: readonly string[], where = ''): string {
  const list = known.length > 0 ? ` (${suggest(key, known)}known keys: ${known.join(', ')})` : '';
  return `unknown key "${key}"${where ? ` ${where}` : ''}${list}`;
}

/** `did you mean "x"? ` for a key within two edits (one for short keys) of a known key, to catch typos. */
export function suggest(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = key.length <= 3 ? 2 : 3;
  for (const k of known) {
    const d = editDistance(key, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best === undefined ? '' : `did you mean "${best}"? `;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
