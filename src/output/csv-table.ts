import { InputError } from './errors.js';

/**
 * homeward's one CSV parser, on text (no I/O, so the explore page reads a front.csv with it too): a byte-order mark
 * and CRLF line ends read right, RFC 4180 quoting where homeward quotes. read-files.ts reads files with it.
 */

/** A CSV file as written by homeward: a header line, comma-separated fields, never quoted. */
export class Table {
  private readonly index: ReadonlyMap<string, number>;

  constructor(
    readonly file: string,
    readonly header: readonly string[],
    readonly rows: readonly (readonly string[])[],
  ) {
    this.index = new Map(header.map((h, i) => [h, i]));
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  /** Index of a column; InputError if it is missing. */
  column(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new InputError(`${this.file}: no column '${name}'`);
    return i;
  }

  /**
   * A numeric field; '' is NaN (homeward writes undefined values as empty fields). Anything else must be a finite
   * number: `NaN`, `Infinity` or `1e400` in a file are refused, with the line.
   */
  number(row: number, column: number): number {
    const text = this.rows[row]![column]!;
    if (text === '') return NaN;
    const x = Number(text);
    if (Number.isNaN(x)) throw new InputError(`${this.at(row)}: ${this.header[column]}: not a number: '${clip(text)}'`);
    if (!Number.isFinite(x)) throw new InputError(`${this.at(row)}: ${this.header[column]}: not a finite number: '${clip(text)}'`);
    return x;
  }

  /** `file:line` of a row (the header is line 1). */
  at(row: number): string {
    return `${this.file}:${row + 2}`;
  }

  /** Refuses a second row with the same key (e.g. month and metric), naming both lines. */
  unique(columns: readonly number[]): void {
    const seen = new Map<string, number>();
    for (let r = 0; r < this.rows.length; r++) {
      const key = columns.map((c) => this.rows[r]![c]!).join(',');
      const first = seen.get(key);
      if (first !== undefined) {
        const what = columns.map((c) => `${this.header[c]} ${this.rows[r]![c]}`).join(', ');
        throw new InputError(`${this.at(r)}: a second row for ${what} (the first is line ${first + 2})`);
      }
      seen.set(key, r);
    }
  }

  text(row: number, column: number): string {
    return this.rows[row]![column]!;
  }
}

/** A field shown in a message: at most 40 characters. */
function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/** The table of a CSV text read from `file` (named in messages), with the columns it must have. */
export function parseCsv(file: string, raw: string, required: readonly string[] = []): Table {
  // A byte-order mark and CRLF line ends are read as homeward's own (a table saved again by a spreadsheet has them).
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  if (text.includes('\0')) throw new InputError(`${file}: not a CSV file (it holds binary data)`);
  const records = splitRecords(file, text);
  if (records.length === 0) throw new InputError(`${file}: empty file, expected a CSV header`);
  const header = records[0]!.fields;
  const rows = records.slice(1).map(({ fields, line }) => {
    if (fields.length !== header.length) {
      throw new InputError(`${file}:${line}: ${fields.length} fields, the header has ${header.length} (a row cut short or joined?)`);
    }
    return fields;
  });
  const table = new Table(file, header, rows);
  const missing = required.filter((c) => !table.has(c));
  if (missing.length > 0) throw new InputError(`${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return table;
}

/**
 * The records of a CSV text with their first line. homeward quotes a field only when it holds free text with a comma,
 * quote or line break (the facts of check.csv, RFC 4180: `"a, ""b"""`); every other table splits on commas and line
 * ends, the fast path.
 */
function splitRecords(file: string, text: string): { fields: string[]; line: number }[] {
  if (text !== '' && !text.endsWith('\n') && text.includes('\n')) {
    // homeward ends every row with a line end: a last row without one is a file cut short (a killed copy, a full disk).
    throw new InputError(`${file}:${text.split('\n').length}: the last row has no line end: the file is cut short`);
  }
  if (!text.includes('"')) {
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.map((l, i) => ({ fields: l.split(','), line: i + 1 }));
  }
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let current = '';
  let line = 1;
  let start = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && current === '') {
      // A quoted field: up to the quote not doubled.
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) throw new InputError(`${file}:${start}: a quoted field is not closed`);
        if (text[q + 1] === '"') {
          current += text.slice(j, q + 1);
          j = q + 2;
          continue;
        }
        current += text.slice(j, q);
        line += (text.slice(i, q).match(/\n/g) ?? []).length;
        i = q + 1;
        break;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\n') throw new InputError(`${file}:${line}: text after a quoted field`);
      continue;
    }
    if (c === ',') {
      fields.push(current);
      current = '';
    } else if (c === '\n') {
      fields.push(current);
      records.push({ fields, line: start });
      fields = [];
      current = '';
      line++;
      start = line;
    } else current += c;
    i++;
  }
  if (current !== '' || fields.length > 0) records.push({ fields: [...fields, current], line: start });
  return records;
}
