/**
 * The little dense linear algebra a Gaussian process needs: Cholesky factorisation of a symmetric positive-definite
 * matrix and triangular solves. Matrices are row-major Float64Arrays of n x n; a few hundred rows at most, so the
 * textbook algorithms (Golub and Van Loan 2013, §4.2) are fast enough and a dependency is not worth it.
 */

export interface Cholesky {
  readonly n: number;
  /** Lower-triangular L with A = L L^T, row-major n x n. */
  readonly l: Float64Array;
}

/** L with A = L L^T, or undefined when A is not (numerically) positive definite. */
export function cholesky(a: Float64Array, n: number): Cholesky | undefined {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  return { n, l };
}

/** Solves L x = b (forward substitution). */
export function solveLower(c: Cholesky, b: ArrayLike<number>): Float64Array {
  const { n, l } = c;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * n + k]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** Solves L^T x = b (back substitution). */
export function solveUpper(c: Cholesky, b: ArrayLike<number>): Float64Array {
  const { n, l } = c;
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i]! * x[k]!;
    x[i] = sum / l[i * n + i]!;
  }
  return x;
}

/** Solves A x = b with A = L L^T. */
export function cholSolve(c: Cholesky, b: ArrayLike<number>): Float64Array {
  return solveUpper(c, solveLower(c, b));
}

/** log det A = 2 sum log L_ii. */
export function logDet(c: Cholesky): number {
  let s = 0;
  for (let i = 0; i < c.n; i++) s += Math.log(c.l[i * c.n + i]!);
  return 2 * s;
}

/** The inverse of A from its Cholesky factor (for leave-one-out formulas). */
export function cholInverse(c: Cholesky): Float64Array {
  const { n } = c;
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = cholSolve(c, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i]!;
  }
  return inv;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
