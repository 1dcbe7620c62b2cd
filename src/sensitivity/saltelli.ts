import { sobolPoints, SOBOL_MAX_DIMENSION } from './sobol-sequence.js';

/**
 * Saltelli's sampling for first-order and total Sobol' indices (Saltelli 2002; Saltelli et al. 2010, "Variance based
 * sensitivity analysis of model output", Comput. Phys. Commun. 181, 259-270): two independent N x k matrices A and
 * B, here the first and last k coordinates of N points of a 2k-dimensional Sobol' sequence, and for each factor i
 * the matrix AB_i, which is A with its column i taken from B. N(k + 2) model runs.
 *
 * Points come in blocks of k + 2 per base row j, in the order of SALib: A_j, AB_1j, ..., AB_kj, B_j. Every block is
 * complete in itself, so a run stopped half-way still leaves whole blocks to estimate from.
 */

export const saltelliBlock = (k: number) => k + 2;

/** Largest number of factors a Saltelli design can have (two blocks of the embedded Sobol' dimensions). */
export const SALTELLI_MAX_FACTORS = Math.floor(SOBOL_MAX_DIMENSION / 2);

/**
 * The N(k + 2) unit-cube points. `skip` points of the Sobol' sequence are left out first (0 by default: Owen 2020,
 * "On dropping the first Sobol' point", shows that dropping points spoils the balance of the first 2^m); N a power
 * of 2 keeps A and B balanced.
 */
export function saltelliUnitPoints(k: number, n: number, skip = 0): number[][] {
  if (!Number.isInteger(k) || k < 1 || k > SALTELLI_MAX_FACTORS) throw new RangeError(`a Saltelli design takes 1..${SALTELLI_MAX_FACTORS} factors, got ${k}`);
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`a Saltelli design needs N >= 2 base samples, got ${n}`);
  const base = sobolPoints(n, 2 * k, skip);
  const points: number[][] = [];
  for (const row of base) {
    const a = row.slice(0, k);
    const b = row.slice(k);
    points.push(a);
    for (let i = 0; i < k; i++) points.push(a.map((x, j) => (j === i ? b[i]! : x)));
    points.push(b);
  }
  return points;
}
