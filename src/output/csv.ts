/**
 * How every table homeward writes formats a number. Deterministic and compact: integers as integers, other values
 * rounded to 6 significant digits in JavaScript's shortest form (plain decimals for ordinary magnitudes), NaN as an
 * empty field. Parquet files hold the same values (parquet.ts), and are read back as this text.
 */
export function formatNumber(v: number): string {
  if (Number.isNaN(v)) return '';
  if (Number.isInteger(v)) return String(v); // also turns -0 into "0"
  if (!Number.isFinite(v)) return String(v); // Infinity / -Infinity
  return String(Number(v.toPrecision(6)));
}
