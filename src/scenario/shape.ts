import { z } from 'zod';

/**
 * Walking the scenario schema by key, to tell which keys exist where (for `--set` paths and for
 * "known keys" in error messages). Uses zod's core classes, which every classic schema is an instance of.
 */
type Schema = z.core.$ZodType;

/** Strips wrappers that do not change which keys a value may have: default, prefault, optional, pipe, ... */
export function unwrap(schema: Schema): Schema {
  let s = schema;
  for (;;) {
    if (
      s instanceof z.core.$ZodDefault ||
      s instanceof z.core.$ZodPrefault ||
      s instanceof z.core.$ZodOptional ||
      s instanceof z.core.$ZodNullable ||
      s instanceof z.core.$ZodReadonly ||
      s instanceof z.core.$ZodCatch
    ) {
      s = s._zod.def.innerType;
    } else if (s instanceof z.core.$ZodPipe) {
      s = s._zod.def.in;
    } else {
      return s;
    }
  }
}

/** The schema of `key` inside `schema`, or undefined if there is no such key. Unions (timelines) try each option. */
export function childSchema(schema: Schema, key: string): Schema | undefined {
  const s = unwrap(schema);
  if (s instanceof z.core.$ZodObject) return Object.hasOwn(s._zod.def.shape, key) ? s._zod.def.shape[key] : undefined;
  if (s instanceof z.core.$ZodRecord) return s._zod.def.valueType; // any key; the key pattern is checked on parse
  if (s instanceof z.core.$ZodUnion) {
    for (const option of s._zod.def.options) {
      const child = childSchema(option, key);
      if (child) return child;
    }
  }
  return undefined;
}

/** The schema at a key path, or undefined if the path leaves the schema. */
export function schemaAt(schema: Schema, path: readonly string[]): Schema | undefined {
  let s: Schema | undefined = schema;
  for (const key of path) {
    if (!s) return undefined;
    s = childSchema(s, key);
  }
  return s;
}

/** The keys an object schema allows (for a union, those of its object option); [] for anything else. */
export function knownKeys(schema: Schema): string[] {
  const s = unwrap(schema);
  if (s instanceof z.core.$ZodObject) return Object.keys(s._zod.def.shape);
  if (s instanceof z.core.$ZodUnion) return s._zod.def.options.flatMap((o) => knownKeys(o));
  return [];
}

/** Whether a value at this schema is text (so a `--set` value like 2020 should stay the string "2020"). */
export function isStringSchema(schema: Schema): boolean {
  const s = unwrap(schema);
  return s instanceof z.core.$ZodString || s instanceof z.core.$ZodEnum;
}

/** A short description of what a schema expects, for messages: "a number", "a mapping {interpolation, points}". */
export function describeSchema(schema: Schema): string {
  const s = unwrap(schema);
  if (s instanceof z.core.$ZodNumber) return 'a number';
  if (s instanceof z.core.$ZodString) return 'a string';
  if (s instanceof z.core.$ZodBoolean) return 'true or false';
  if (s instanceof z.core.$ZodEnum) return `one of ${Object.values(s._zod.def.entries).join(', ')}`;
  if (s instanceof z.core.$ZodObject) return `a mapping {${knownKeys(s).join(', ')}}`;
  if (s instanceof z.core.$ZodRecord) return 'a mapping';
  if (s instanceof z.core.$ZodArray) return 'a list';
  if (s instanceof z.core.$ZodUnion) return s._zod.def.options.map(describeSchema).join(' or ');
  return 'a valid value';
}
