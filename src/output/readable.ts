/**
 * A number for reading (the tables printed by compare, check and calibrate, and the report): whole numbers from 100
 * up with thousands separated, 4 significant digits below, n/a for NaN. Files keep formatNumber (csv.ts).
 */
export function readable(x: number): string {
  if (Number.isNaN(x)) return 'n/a';
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  return Math.abs(x) >= 100 ? x.toLocaleString('en-US', { maximumFractionDigits: 0 }) : x.toLocaleString('en-US', { maximumSignificantDigits: 4 });
}
