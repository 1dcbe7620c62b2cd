/** Calendar months as integers (year * 12 + month - 1), so month arithmetic is plain addition. */

/** Years 1000-9999: four digits, so months sort and read as written. */
export const MONTH_PATTERN = /^([1-9]\d{3})-(0[1-9]|1[0-2])$/;
/** Timeline keys may also be a bare year, meaning January of that year. */
export const MONTH_OR_YEAR_PATTERN = /^([1-9]\d{3})(?:-(0[1-9]|1[0-2]))?$/;
/** The last month a scenario may reach, 9999-12. */
export const LAST_MONTH = 9999 * 12 + 11;

export function parseMonth(text: string): number {
  const m = MONTH_OR_YEAR_PATTERN.exec(text);
  if (!m) throw new Error(`not a month (YYYY-MM): ${text}`);
  return Number(m[1]) * 12 + (m[2] ? Number(m[2]) - 1 : 0);
}

export function formatMonth(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${year}-${month < 10 ? '0' : ''}${month}`;
}

/** Calendar month of the year, 1..12. */
export function monthOfYear(index: number): number {
  return index - Math.floor(index / 12) * 12 + 1;
}

export function yearOf(index: number): number {
  return Math.floor(index / 12);
}

/** Months from `start` to `end` inclusive (YYYY-MM). */
export function monthSpan(start: string, end: string): number {
  return parseMonth(end) - parseMonth(start) + 1;
}
