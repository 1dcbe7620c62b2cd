import { parseCsv, type Table } from '../output/csv-table.js';
import { InputError } from '../output/errors.js';
import { parameterAt } from '../scenario/describe.js';
import type { Value } from './settings.js';

/**
 * A front written by `homeward search` (front.csv, src/search/output.ts), read in the page: its members with their
 * lever values (the columns that are scenario keys) and the objectives' means on fresh seeds, read by the CLI's
 * own CSV parser (output/csv-table.ts).
 */

export interface FrontEntry {
  /** `base` or the candidate's number. */
  readonly candidate: string;
  /** Lever path → value, as the search set it. */
  readonly levers: ReadonlyMap<string, Value>;
  /** Objective → its mean on the fresh seeds (the `<objective>_fresh` columns). */
  readonly objectives: ReadonlyMap<string, number>;
  readonly feasible: boolean;
}

const FRESH = '_fresh';

/** The members of front.csv's text, or why it is not one. */
export function parseFront(text: string): FrontEntry[] | { readonly message: string } {
  let table: Table;
  try {
    table = parseCsv('front.csv', text);
  } catch (err) {
    if (err instanceof InputError) return { message: err.message };
    throw err;
  }
  const { header } = table;
  if (header[0] !== 'candidate') return { message: 'not a front.csv of homeward search: its first column is not "candidate"' };
  const levers = header.flatMap((name, i) => (parameterAt(name) !== undefined ? [{ name, i }] : []));
  if (levers.length === 0) return { message: 'front.csv names no scenario key among its columns: no lever to load' };
  // An objective's fresh mean is `<objective>_fresh` beside its in-search mean `<objective>`.
  const objectives = header.flatMap((name, i) => (name.endsWith(FRESH) && header.includes(name.slice(0, -FRESH.length)) ? [{ name: name.slice(0, -FRESH.length), i }] : []));
  const feasible = header.indexOf('feasible_fresh');
  return table.rows.map((cells) => ({
    candidate: cells[0]!,
    levers: new Map(levers.map(({ name, i }) => [name, cellValue(cells[i]!)])),
    objectives: new Map(objectives.map(({ name, i }) => [name, cells[i] === '' ? NaN : Number(cells[i])])),
    feasible: feasible < 0 || cells[feasible] === 'true',
  }));
}

/** A number as a number; a month or an option as text. */
function cellValue(cell: string): Value {
  return cell.trim() !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell;
}
