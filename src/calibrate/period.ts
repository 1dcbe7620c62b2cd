import { MONTH_OR_YEAR_PATTERN } from '../scenario/month.js';

/**
 * Periods of a targets file: 'YYYY' (a year), 'YYYY-MM' (a month), or 'A..B' with A and B years or months,
 * inclusive (a year as A starts in its January, as B ends in its December).
 */
export const PERIOD_PATTERN = /^\d{4}(?:-(?:0[1-9]|1[0-2]))?(?:\.\.\d{4}(?:-(?:0[1-9]|1[0-2]))?)?$/;

/** First and last month index of a period (see scenario/month.ts); throws on text that is not a period. */
export function parsePeriod(period: string): { readonly first: number; readonly last: number } {
  if (!PERIOD_PATTERN.test(period)) throw new Error(`not a period (YYYY, YYYY-MM or A..B): ${period}`);
  const [a, b = a] = period.split('..') as [string, string?];
  return { first: bound(a, 'first'), last: bound(b, 'last') };
}

function bound(text: string, end: 'first' | 'last'): number {
  const m = MONTH_OR_YEAR_PATTERN.exec(text)!;
  const year = Number(m[1]);
  if (m[2]) return year * 12 + Number(m[2]) - 1;
  return year * 12 + (end === 'first' ? 0 : 11);
}
