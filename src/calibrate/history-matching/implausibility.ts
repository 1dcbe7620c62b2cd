/**
 * Implausibility (Craig et al. 1997; Vernon, Goldstein and Bower 2010, "Galaxy formation: a Bayesian uncertainty
 * analysis", Bayesian Anal. 5, 619-670): how far, in standard deviations, the expected output of the model at x lies
 * from the observed value z,
 *   I(x) = |E[f(x)] - z| / sqrt(Var_emulator(x) + Var_stochastic(x) + tolerance^2),
 * where the tolerance stands for the observation error and the model discrepancy together (the tolerance of a target
 * in homeward's targets file). A bound (at least / at most) is implausible only on its wrong side. A point is ruled
 * out when the k-th largest implausibility over the targets exceeds the cutoff, 3 by Pukelsheim's three-sigma rule
 * (k = 1, the maximum; k = 2 or 3 for many targets, as hmer does, so that one badly emulated output cannot rule
 * out a point alone).
 */

export type Target = { readonly name: string; readonly tolerance: number } & (
  | { readonly value: number }
  | { readonly atLeast: number }
  | { readonly atMost: number }
);

export function checkTargets(targets: readonly Target[]): void {
  if (targets.length === 0) throw new RangeError('history matching needs at least one target');
  for (const t of targets) {
    if (!(t.tolerance > 0) || !Number.isFinite(t.tolerance)) throw new RangeError(`target ${t.name}: the tolerance must be a positive number, got ${t.tolerance}`);
  }
}

/** The implausibility of an expected output `mean` with total variance `variance` (emulator + stochastic). */
export function implausibility(target: Target, mean: number, variance: number): number {
  const sd = Math.sqrt(Math.max(variance, 0) + target.tolerance ** 2);
  if ('value' in target) return Math.abs(mean - target.value) / sd;
  if ('atLeast' in target) return Math.max(0, target.atLeast - mean) / sd;
  return Math.max(0, mean - target.atMost) / sd;
}

/** The k-th largest value (k = 1 the maximum); with fewer values than k, the smallest. 0 for none. */
export function kthLargest(values: readonly number[], k: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => b - a);
  return sorted[Math.min(k, sorted.length) - 1]!;
}

export interface CutOptions {
  /** Default 3. */
  readonly cutoff?: number;
  /** Which largest implausibility decides: 1 (the maximum, the default), 2 or 3. */
  readonly order?: number;
}

/** True when the k-th largest implausibility is within the cutoff. NaN counts as implausible. */
export function isNonImplausible(values: readonly number[], opts: CutOptions = {}): boolean {
  const m = kthLargest(values.map((v) => (Number.isNaN(v) ? Infinity : v)), opts.order ?? 1);
  return m <= (opts.cutoff ?? 3);
}
