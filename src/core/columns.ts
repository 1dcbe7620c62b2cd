/**
 * Columns declared once (as bitECS declares components): a table of entities is a record of typed arrays, one
 * per attribute, indexed by entity. A spec names each column's array type, its initial value and what it means;
 * allocation, growth and reset follow from the spec, so adding an attribute is one entry.
 */

export type TypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
type ArrayType = { new (length: number): TypedArray; new (buffer: SharedArrayBuffer, byteOffset: number, length: number): TypedArray; readonly BYTES_PER_ELEMENT: number };

/**
 * An array of `type` and `length`, over a SharedArrayBuffer of its own when `shared` (other threads then work on it:
 * the person pass's, model/kernel/load.ts).
 */
export function newArray<T>(type: { new (length: number): T; new (buffer: SharedArrayBuffer, byteOffset: number, length: number): T; readonly BYTES_PER_ELEMENT: number }, length: number, shared = false): T {
  return shared ? new type(new SharedArrayBuffer(Math.max(1, length) * type.BYTES_PER_ELEMENT), 0, length) : new type(length);
}

export interface ColumnSpec<A extends ArrayType = ArrayType> {
  readonly type: A;
  /** Value of a new row (default 0). */
  readonly initial?: number;
  readonly doc: string;
}

export type ColumnSpecs = Readonly<Record<string, ColumnSpec>>;

/** How files type a column's values: whole numbers, 0/1 flags (booleans in Parquet) or measurements (doubles). */
export type ValueType = 'integer' | 'boolean' | 'double';

/** A column that outputs write (a snapshot's): its name in the files (snake_case) and the type of its values. */
export interface FileColumnSpec<A extends ArrayType = ArrayType> extends ColumnSpec<A> {
  readonly name: string;
  readonly values: ValueType;
}

export type FileColumnSpecs = Readonly<Record<string, FileColumnSpec>>;

/** The arrays of a spec: `columns.status` is the status column. */
export type Columns<S extends ColumnSpecs> = { -readonly [K in keyof S]: InstanceType<S[K]['type']> };

/**
 * A spec's columns for `length` rows, each filled with its initial value; over SharedArrayBuffers of their own when
 * `shared` (other threads then work on them: the person pass's, kernel/load.ts).
 */
export function allocateColumns<S extends ColumnSpecs>(spec: S, length: number, shared = false): Columns<S> {
  const out: Partial<Record<keyof S, TypedArray>> = {};
  for (const key of Object.keys(spec) as (keyof S)[]) {
    const { type, initial = 0 } = spec[key]!;
    const array = newArray(type, length, shared);
    if (initial !== 0) array.fill(initial);
    out[key] = array;
  }
  return out as Columns<S>;
}

/** The same columns with room for `length` rows: existing rows copied, new rows at their initial values. */
export function growColumns<S extends ColumnSpecs>(spec: S, columns: Columns<S>, length: number): Columns<S> {
  const out = allocateColumns(spec, length);
  for (const key of Object.keys(spec) as (keyof S)[]) out[key].set(columns[key]);
  return out;
}

/** Sets row `row` of every column to its initial value (a fresh entity in a reused slot). */
export function resetRow<S extends ColumnSpecs>(spec: S, columns: Columns<S>, row: number): void {
  for (const key of Object.keys(spec) as (keyof S)[]) columns[key][row] = spec[key]!.initial ?? 0;
}

/** Bytes one row takes in all columns. */
export function rowBytes(spec: ColumnSpecs): number {
  let bytes = 0;
  for (const key of Object.keys(spec)) bytes += spec[key]!.type.BYTES_PER_ELEMENT;
  return bytes;
}
