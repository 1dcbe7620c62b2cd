/**
 * Latin hypercube designs, shared by `sweep --design lhs` (src/sweep/design.ts, on parameter specs) and the design
 * phase of `calibrate` (src/calibrate/optimise.ts, on the bare unit cube).
 */

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, rng: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * n points of a Latin hypercube in [0,1]^d: each axis is cut into n equal strata, a random permutation gives each
 * point its own stratum, and the point takes a uniform value within it.
 */
export function latinHypercube(n: number, d: number, rng: () => number): number[][] {
  const columns = Array.from({ length: d }, () => permutation(n, rng).map((k) => (k + rng()) / n));
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]!));
}
