import { LineCounter, parseDocument } from 'yaml';
import { locate } from '../scenario/locate.js';
import { InputError } from './errors.js';
import { readJson, readText } from './read-files.js';

/**
 * The JSON files of output directories (compare.json, design.json, ...) declared as shapes, so each reader says what
 * it needs once and every file is checked the same way: a value of the wrong type, a key missing or a list item
 * without its fields is one InputError naming the file, the key path and its line.
 *
 *   const COMPARE = object({ reference: text, scenarios: list(object({ name: text, dir: optional(text) })) });
 *   const json = await readJsonFile(file, COMPARE); // typed: { reference: string; scenarios: {...}[] }
 */

/** Where a value sits in its file, as a key path (`scenarios.0.name`); turned into a message with its line. */
type Path = readonly string[];

/** Thrown by a shape and caught by readJsonFile, which adds the file and line. */
class ShapeError extends Error {
  constructor(
    readonly path: Path,
    readonly expected: string,
    readonly got: unknown,
    /** A problem in words (refine) rather than what was expected. */
    readonly refined = false,
  ) {
    super(expected);
  }
}

export interface Shape<T> {
  /** What the value must be, in words, for the message. */
  readonly what: string;
  readonly read: (x: unknown, path: Path) => T;
}

export type ShapeOf<S> = S extends Shape<infer T> ? T : never;

function leaf<T>(what: string, is: (x: unknown) => x is T): Shape<T> {
  return {
    what,
    read: (x, path) => {
      if (!is(x)) throw new ShapeError(path, what, x);
      return x;
    },
  };
}

export const text: Shape<string> = leaf('text', (x): x is string => typeof x === 'string');
export const number: Shape<number> = leaf('a number', (x): x is number => typeof x === 'number');
export const flag: Shape<boolean> = leaf('true or false', (x): x is boolean => typeof x === 'boolean');

/** A number JSON may have written as null (JSON.stringify writes NaN as null): null reads as NaN. */
export const numberOrNaN: Shape<number> = {
  what: 'a number or null',
  read: (x, path) => (x === null ? NaN : number.read(x, path)),
};

/** One of the given words. */
export function oneOf<const W extends string>(...words: readonly W[]): Shape<W> {
  return leaf(words.join(' or '), (x): x is W => typeof x === 'string' && (words as readonly string[]).includes(x));
}

/** A value that may be null. */
export function nullable<T>(shape: Shape<T>): Shape<T | null> {
  return { what: `${shape.what} or null`, read: (x, path) => (x === null ? null : shape.read(x, path)) };
}

/** A key that may be absent (directories written by older versions): undefined, or `fallback` when given. */
export function optional<T>(shape: Shape<T>): Shape<T | undefined>;
export function optional<T>(shape: Shape<T>, fallback: T): Shape<T>;
export function optional<T>(shape: Shape<T>, fallback?: T): Shape<T | undefined> {
  return { what: shape.what, read: (x, path) => (x === undefined ? fallback : shape.read(x, path)) };
}

export function list<T>(item: Shape<T>, nonEmpty = false): Shape<T[]> {
  const what = `a ${nonEmpty ? 'non-empty ' : ''}list of ${item.what}`;
  return {
    what,
    read: (x, path) => {
      if (!Array.isArray(x) || (nonEmpty && x.length === 0)) throw new ShapeError(path, what, x);
      return x.map((v: unknown, i) => item.read(v, [...path, String(i)]));
    },
  };
}

/** An object of the given keys (others are allowed and ignored: a newer version may add keys). */
export function object<F extends Record<string, Shape<unknown>>>(fields: F, what = `an object with ${Object.keys(fields).join(', ')}`): Shape<{ -readonly [K in keyof F]: ShapeOf<F[K]> }> {
  return {
    what,
    read: (x, path) => {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new ShapeError(path, what, x);
      const obj = x as Record<string, unknown>;
      return Object.fromEntries(Object.entries(fields).map(([k, shape]) => [k, shape.read(obj[k], [...path, k])])) as { -readonly [K in keyof F]: ShapeOf<F[K]> };
    },
  };
}

/** An object of any keys, each holding `value`. */
export function record<T>(value: Shape<T>): Shape<Record<string, T>> {
  const what = `an object of ${value.what}`;
  return {
    what,
    read: (x, path) => {
      if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new ShapeError(path, what, x);
      return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, value.read(v, [...path, k])]));
    },
  };
}

/** A value checked further by `check`, which returns the problem in words or undefined. */
export function refine<T>(shape: Shape<T>, check: (value: T) => string | undefined): Shape<T> {
  return {
    what: shape.what,
    read: (x, path) => {
      const value = shape.read(x, path);
      const problem = check(value);
      if (problem !== undefined) throw new ShapeError(path, problem, x, true);
      return value;
    },
  };
}

/** Checks `value` (from `file`) against `shape`; InputError naming the file, key path and line. */
export async function checkJson<T>(file: string, value: unknown, shape: Shape<T>, path: Path = []): Promise<T> {
  try {
    return shape.read(value, path);
  } catch (err) {
    if (!(err instanceof ShapeError)) throw err;
    throw new InputError(`${await placed(file, err.path)}${err.path.join('.') || 'the top level'}: ${message(err)}`);
  }
}

/** A JSON file read and checked against `shape`. */
export async function readJsonFile<T>(file: string, shape: Shape<T>): Promise<T> {
  return checkJson(file, await readJson(file), shape);
}

function message(err: ShapeError): string {
  if (err.refined) return err.expected;
  if (err.got === undefined) return `missing; expected ${err.expected}`;
  return `expected ${err.expected}, got ${shown(err.got)}`;
}

function shown(x: unknown): string {
  const s = JSON.stringify(x) ?? String(x);
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

/** `file:line: ` where the key path (or as much of it as is written) is, else `file: `. Only run on an error. */
async function placed(file: string, path: Path): Promise<string> {
  const lines = new LineCounter();
  const doc = parseDocument(await readText(file), { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const at = doc.errors.length === 0 ? locate(doc, lines, path) : undefined;
  return at ? `${file}:${at.line}: ` : `${file}: `;
}
