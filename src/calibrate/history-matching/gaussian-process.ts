import { optimise } from '../optimise.js';
import { cholesky, cholInverse, cholSolve, dot, logDet, solveLower, type Cholesky } from './linear-algebra.js';

/**
 * A Gaussian-process emulator of one model output over the unit cube (Sacks et al. 1989; Rasmussen and Williams
 * 2006; as used in history matching by Vernon, Goldstein and Bower 2010 and hmer): a regression mean (constant, or
 * linear in the inputs) plus a stationary correlated residual, squared-exponential or Matérn 5/2 with one
 * lengthscale per input, and a nugget for the noise of stochastic runs.
 *
 * Outputs are standardised before fitting. The regression coefficients and the process variance are estimated in
 * closed form given the correlation parameters (generalised least squares, REML variance); the lengthscales and the
 * nugget maximise the restricted likelihood, searched with homeward's seeded Nelder-Mead (src/calibrate/optimise.ts)
 * in log space. Predictions are universal kriging: their variance includes the uncertainty of the regression
 * coefficients. Deterministic given the seed.
 */

export type Kernel = 'squared-exponential' | 'matern52';
export type MeanFunction = 'constant' | 'linear';

export interface Hyperparameters {
  readonly kernel: Kernel;
  readonly mean: MeanFunction;
  /** One per input, in unit-cube units. */
  readonly lengthscales: readonly number[];
  /** Noise variance as a share of the process variance. */
  readonly nugget: number;
}

export interface Prediction {
  readonly mean: number;
  /** Variance of the emulated mean output (not including the nugget noise). */
  readonly variance: number;
}

export interface FitOptions {
  readonly kernel?: Kernel;
  readonly mean?: MeanFunction;
  readonly seed?: number;
  /** Likelihood evaluations of the hyperparameter search (default 40 + 25 (d + 1), at most 250). */
  readonly budget?: number;
  /** Bounds of the lengthscales in unit-cube units (default 0.05..10). */
  readonly lengthscaleBounds?: readonly [number, number];
  /** Bounds of the nugget (default 1e-8..1). */
  readonly nuggetBounds?: readonly [number, number];
}

const SQRT5 = Math.sqrt(5);

function correlation(kernel: Kernel, a: readonly number[], b: readonly number[], lengthscales: readonly number[]): number {
  let r2 = 0;
  for (let j = 0; j < a.length; j++) r2 += ((a[j]! - b[j]!) / lengthscales[j]!) ** 2;
  if (kernel === 'squared-exponential') return Math.exp(-r2 / 2);
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 * r2) / 3) * Math.exp(-SQRT5 * r);
}

const basis = (mean: MeanFunction, x: readonly number[]): number[] => (mean === 'constant' ? [1] : [1, ...x]);

/** A Gaussian process conditioned on its training runs, with given hyperparameters. */
export class GaussianProcess {
  readonly hyper: Hyperparameters;
  /** Process variance, in the output's units squared. */
  readonly processVariance: number;
  /** Restricted log likelihood (up to a constant) of the standardised outputs. */
  readonly logLikelihood: number;
  readonly x: readonly (readonly number[])[];
  readonly y: readonly number[];
  private readonly shift: number;
  private readonly scale: number;
  private readonly chol: Cholesky;
  private readonly beta: Float64Array;
  private readonly alpha: Float64Array;
  /** R^-1 H, column by column. */
  private readonly rinvH: Float64Array[];
  private readonly cholA: Cholesky;
  /** Process variance of the standardised outputs. */
  private readonly sigma2: number;

  private constructor(fields: {
    hyper: Hyperparameters;
    x: readonly (readonly number[])[];
    y: readonly number[];
    shift: number;
    scale: number;
    chol: Cholesky;
    beta: Float64Array;
    alpha: Float64Array;
    rinvH: Float64Array[];
    cholA: Cholesky;
    sigma2: number;
    logLikelihood: number;
  }) {
    this.hyper = fields.hyper;
    this.x = fields.x;
    this.y = fields.y;
    this.shift = fields.shift;
    this.scale = fields.scale;
    this.chol = fields.chol;
    this.beta = fields.beta;
    this.alpha = fields.alpha;
    this.rinvH = fields.rinvH;
    this.cholA = fields.cholA;
    this.sigma2 = fields.sigma2;
    this.processVariance = fields.sigma2 * fields.scale ** 2;
    this.logLikelihood = fields.logLikelihood;
  }

  /** Conditions on runs (inputs in the unit cube) with fixed hyperparameters; undefined when the algebra fails. */
  static condition(hyper: Hyperparameters, x: readonly (readonly number[])[], y: readonly number[]): GaussianProcess | undefined {
    const n = x.length;
    const p = basis(hyper.mean, x[0] ?? []).length;
    if (n !== y.length) throw new RangeError(`${n} inputs but ${y.length} outputs`);
    if (n < p + 2) return undefined;
    const shift = y.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(y.reduce((s, v) => s + (v - shift) ** 2, 0) / n);
    const scale = sd > 0 ? sd : 1;
    const ys = y.map((v) => (v - shift) / scale);

    const r = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      r[i * n + i] = 1 + hyper.nugget;
      for (let j = 0; j < i; j++) r[i * n + j] = r[j * n + i] = correlation(hyper.kernel, x[i]!, x[j]!, hyper.lengthscales);
    }
    // A whisper of jitter when the correlation matrix is numerically singular (near-duplicate runs, tiny nugget).
    let chol = cholesky(r, n);
    for (let jitter = 1e-10; !chol && jitter < 1e-3; jitter *= 10) {
      const rj = r.slice();
      for (let i = 0; i < n; i++) rj[i * n + i] += jitter;
      chol = cholesky(rj, n);
    }
    if (!chol) return undefined;

    const h = x.map((xi) => basis(hyper.mean, xi));
    const rinvH = Array.from({ length: p }, (_, c) => cholSolve(chol, h.map((row) => row[c]!)));
    const a = new Float64Array(p * p);
    for (let c = 0; c < p; c++) for (let d = 0; d < p; d++) a[c * p + d] = dot(h.map((row) => row[c]!), rinvH[d]!);
    const cholA = cholesky(a, p);
    if (!cholA) return undefined;
    const rinvY = cholSolve(chol, ys);
    const beta = cholSolve(cholA, Array.from({ length: p }, (_, c) => dot(h.map((row) => row[c]!), rinvY)));
    const resid = ys.map((v, i) => v - dot(h[i]!, beta));
    const alpha = cholSolve(chol, resid);
    const sigma2 = Math.max(dot(resid, alpha) / (n - p), 1e-12);
    const logLikelihood = -0.5 * ((n - p) * Math.log(sigma2) + logDet(chol) + logDet(cholA));
    return new GaussianProcess({ hyper, x, y, shift, scale, chol, beta, alpha, rinvH, cholA, sigma2, logLikelihood });
  }

  /** The emulator's mean and variance of the output at a point of the unit cube. */
  predict(point: readonly number[]): Prediction {
    const n = this.x.length;
    const r = new Float64Array(n);
    for (let i = 0; i < n; i++) r[i] = correlation(this.hyper.kernel, point, this.x[i]!, this.hyper.lengthscales);
    const h = basis(this.hyper.mean, point);
    const mean = dot(h, this.beta) + dot(r, this.alpha);
    const w = solveLower(this.chol, r);
    // u = h - H^T R^-1 r: what the regression must extrapolate (universal kriging).
    const u = h.map((hc, c) => hc - dot(this.rinvH[c]!, r));
    const variance = this.sigma2 * (1 - dot(w, w) + dot(u, cholSolve(this.cholA, u)));
    return { mean: this.shift + this.scale * mean, variance: Math.max(variance, 0) * this.scale ** 2 };
  }

  /** Variance of the noise of one training output (the nugget), in the output's units squared. */
  get noiseVariance(): number {
    return this.hyper.nugget * this.processVariance;
  }

  /**
   * Leave-one-out standardised errors with the hyperparameters held fixed, in closed form (Dubrule 1983,
   * "Cross validation of kriging in a unique neighborhood", Math. Geol. 15, 687-699): with
   * Q = R^-1 - R^-1 H (H^T R^-1 H)^-1 H^T R^-1, the error at run i is (Q y)_i / Q_ii and its variance sigma^2 / Q_ii.
   */
  leaveOneOut(): number[] {
    const n = this.x.length;
    const p = this.rinvH.length;
    const inv = cholInverse(this.chol);
    const errors: number[] = [];
    for (let i = 0; i < n; i++) {
      const g = Array.from({ length: p }, (_, c) => this.rinvH[c]![i]!);
      const qii = inv[i * n + i]! - dot(g, cholSolve(this.cholA, g));
      errors.push(this.alpha[i]! / Math.sqrt(this.sigma2 * qii));
    }
    return errors;
  }
}

/** Fits the hyperparameters by maximising the restricted likelihood, then conditions on all runs. */
export async function fitGaussianProcess(x: readonly (readonly number[])[], y: readonly number[], opts: FitOptions = {}): Promise<GaussianProcess> {
  const d = x[0]?.length ?? 0;
  if (d === 0) throw new RangeError('a Gaussian process needs inputs');
  const kernel = opts.kernel ?? 'squared-exponential';
  const mean = opts.mean ?? 'linear';
  const [lLo, lHi] = opts.lengthscaleBounds ?? [0.05, 10];
  const [gLo, gHi] = opts.nuggetBounds ?? [1e-8, 1];
  const fromUnit = (u: readonly number[]): Hyperparameters => ({
    kernel,
    mean,
    lengthscales: u.slice(0, d).map((v) => Math.exp(Math.log(lLo) + v * (Math.log(lHi) - Math.log(lLo)))),
    nugget: Math.exp(Math.log(gLo) + u[d]! * (Math.log(gHi) - Math.log(gLo))),
  });
  const toUnit = (value: number, lo: number, hi: number) => (Math.log(value) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
  const budget = opts.budget ?? Math.min(250, 40 + 25 * (d + 1));
  const result = await optimise(
    async (points) => points.map((u) => -(GaussianProcess.condition(fromUnit(u), x, y)?.logLikelihood ?? -Infinity)),
    {
      dims: d + 1,
      budget,
      seed: opts.seed ?? 0,
      // A moderately smooth start: lengthscale 0.5 of the cube, a small nugget.
      initial: [...new Array<number>(d).fill(toUnit(0.5, lLo, lHi)), toUnit(1e-4, gLo, gHi)],
      xTolerance: 1e-4,
      fTolerance: 1e-6,
    },
  );
  const gp = GaussianProcess.condition(fromUnit(result.best.point), x, y);
  if (!gp) throw new Error('the Gaussian process could not be fitted to these runs (are some inputs repeated with different outputs and no room for a nugget?)');
  return gp;
}
