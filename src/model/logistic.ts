/**
 * The logistic function, and draws decided against it without computing it. A person's monthly chance of a move is
 * a logistic of a utility (logit scale); exp costs about 11 ns here, a fifth of a person's month. Most draws fall
 * far from the chance, so a table of the logistic at grid points bracketing the utility decides them; logistic(x)
 * itself is computed only for a draw that falls between the two bracketing values. The decision is the same as the
 * comparison with logistic(x) itself (the logistic is increasing, and so is its computed value).
 */

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Grid points per unit of x (a power of two, so x * STEPS is exact and floor() brackets x exactly). */
const STEPS = 32;
/** The grid covers x in [-LIMIT, LIMIT]; beyond it, logistic(x) is computed. */
const LIMIT = 32;
const CELLS = 2 * LIMIT * STEPS;
/** GRID[k] = logistic(k / STEPS - LIMIT). */
const GRID = Float64Array.from({ length: CELLS + 1 }, (_, k) => logistic(k / STEPS - LIMIT));

/**
 * Whether draw < a + b * logistic(x), for a, b >= 0 (a chance that adds a share b of a logistic to a): the same
 * answer as computing it, at the cost of a table look-up except in about one draw in a thousand.
 */
export function belowLogistic(draw: number, a: number, b: number, x: number): boolean {
  const k = Math.floor(x * STEPS) + LIMIT * STEPS;
  if (k >= 0 && k < CELLS) {
    if (draw < a + b * GRID[k]!) return true;
    if (draw >= a + b * GRID[k + 1]!) return false;
  }
  return draw < a + b * logistic(x);
}
