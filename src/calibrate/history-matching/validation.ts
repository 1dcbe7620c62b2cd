/**
 * Diagnostics of an emulator against runs it did not see (Bastos and O'Hagan 2009, "Diagnostics for Gaussian process
 * emulators", Technometrics 51, 425-438): standardised errors (observed - predicted) / predictive sd should look like
 * draws from a standard normal, about 95% within ±2 and nearly all within ±3.
 */

export interface ValidationSummary {
  readonly count: number;
  /** Standardised errors, in the order of the runs. */
  readonly errors: readonly number[];
  /** Share of the errors within ±3 (1 when there are none). */
  readonly withinThree: number;
  /** Share within ±2. */
  readonly withinTwo: number;
  /** Largest absolute error. */
  readonly largest: number;
}

export function summariseErrors(errors: readonly number[]): ValidationSummary {
  const n = errors.length;
  const abs = errors.map(Math.abs);
  return {
    count: n,
    errors,
    withinThree: n === 0 ? 1 : abs.filter((e) => e <= 3).length / n,
    withinTwo: n === 0 ? 1 : abs.filter((e) => e <= 2).length / n,
    largest: n === 0 ? 0 : Math.max(...abs),
  };
}
