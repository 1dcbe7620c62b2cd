import seedrandom from 'seedrandom';
import { latinHypercube, permutation } from '../../analysis/latin-hypercube.js';
import { sobolPoints } from '../../sensitivity/sobol-sequence.js';
import { fitGaussianProcess, GaussianProcess, type Hyperparameters, type Kernel, type MeanFunction } from './gaussian-process.js';
import { checkTargets, implausibility, isNonImplausible, kthLargest, type Target } from './implausibility.js';
import { maximinSubset } from './space-filling.js';
import { summariseErrors, type ValidationSummary } from './validation.js';

/**
 * History matching in waves (Vernon, Goldstein and Bower 2010; Andrianakis et al. 2015, "Bayesian history matching
 * of complex infectious disease models using emulation", PLoS Comput. Biol. 11, e1003968; the hmer package):
 *
 * 1. Wave 1 runs a Latin hypercube over the parameter ranges; wave w > 1 runs a space-filling subset of the points
 *    not yet ruled out.
 * 2. Per target, a Gaussian-process emulator is fitted to the wave's runs less a held-out share, checked on the
 *    held-out runs (standardised errors within ±3; no held-out run that the emulator would rule out although its
 *    real output is not implausible), then conditioned on all the wave's runs. An emulator that fails its check is
 *    recorded but not used to rule out points.
 * 3. A point is ruled out by wave w when the k-th largest implausibility over the wave's emulators exceeds the cutoff;
 *    the space not yet ruled out (NROY) is what every wave so far keeps. Its volume, as a share of the whole box, is
 *    estimated by the share of a fixed set of uniform Sobol' candidate points that it keeps.
 * 4. It stops when the space stops shrinking (a wave keeps more than `shrinkStop` of what the previous one kept)
 *    although the emulators are no longer the largest uncertainty (their variance below the other two for every
 *    target: while an emulator is less sure than the runs' noise and the tolerance, another wave can still teach it),
 *    when the emulators' variance over the kept space is small beside the stochastic variance and the tolerance
 *    (below `varianceStop` of them for every target, every target's emulator in use: more runs would not rule out
 *    more), when nothing is kept, or after `maxWaves`.
 * 5. Points drawn at random from the final NROY (or from its core, where the emulated implausibility is at most
 *    `finalCutoff`) are run for real, and their implausibility from those runs alone (stochastic variance and
 *    tolerance, no emulator) says which of them are consistent with the targets.
 *
 * The stochastic variance at a point not run is taken as the mean over the wave's runs (Andrianakis et al. emulate it
 * too; the mean is enough where it varies little over the space). Deterministic given the seed and `evaluate`.
 */

export interface ParameterRange {
  readonly name: string;
  readonly low: number;
  readonly high: number;
}

/** One target's output at one point: the mean over replications and the variance across them (of one run). */
export interface RunSummary {
  readonly mean: number;
  readonly variance: number;
}

/** Runs the model at points (in parameter units, one value per parameter); per point, per target, a summary. */
export type Evaluate = (points: readonly (readonly number[])[]) => Promise<RunSummary[][]>;

export interface HistoryMatchOptions {
  readonly parameters: readonly ParameterRange[];
  readonly targets: readonly Target[];
  readonly evaluate: Evaluate;
  readonly seed?: number;
  /** Runs per wave (default 10 per parameter, Loeppky, Sacks and Welch 2009). */
  readonly runsPerWave?: number;
  /** Default 5. */
  readonly maxWaves?: number;
  /** Implausibility cutoff (default 3). */
  readonly cutoff?: number;
  /** 1: the maximum implausibility over targets decides (default); 2 or 3: the second or third largest. */
  readonly order?: number;
  /** Uniform Sobol' candidate points that estimate the kept volume and from which waves are drawn (default 8192). */
  readonly candidates?: number;
  /** Share of a wave's runs held out to validate its emulators (default 0.2). */
  readonly heldOutShare?: number;
  /** An emulator rules out only when at least this share of its held-out errors lies within ±3 (default 0.9). */
  readonly minWithinThree?: number;
  /** Stop when a wave keeps more than this share of the space the previous wave kept (default 0.9). */
  readonly shrinkStop?: number;
  /** Stop when emulator variance < this × (stochastic variance + tolerance²) over the kept space, every target (default 0.1). */
  readonly varianceStop?: number;
  /** Points of the final space to check by real runs (default runsPerWave). */
  readonly finalRuns?: number;
  /**
   * The final points are drawn from where every wave's emulated implausibility is at most this (default: the cutoff).
   * A smaller value (1: every target expected within about one standard deviation) aims the real runs at the core of
   * the space left, where the targets are expected to be met rather than merely not ruled out; when no candidate is
   * that close, they are drawn from the whole space left.
   */
  readonly finalCutoff?: number;
  readonly kernel?: Kernel;
  readonly mean?: MeanFunction;
  /**
   * Replications behind each mean, when known: the noise of a mean (stochastic variance / replications) then sets the
   * least nugget an emulator may fit, so it does not interpolate the noise of a few runs (likelihoods fitted to
   * few runs tend to make the nugget too small).
   */
  readonly replications?: number;
  /** Called after each wave (for progress and for writing records as they come). */
  readonly onWave?: (record: WaveRecord) => void;
}

export interface EmulatorRecord {
  readonly target: string;
  readonly hyperparameters: Hyperparameters;
  readonly processVariance: number;
  readonly noiseVariance: number;
  /** Mean stochastic variance over the wave's runs, used at points not run. */
  readonly stochasticVariance: number;
  readonly leaveOneOut: ValidationSummary;
  readonly heldOut: ValidationSummary & {
    /** Held-out runs the emulator would rule out although their real outputs are not implausible. */
    readonly misclassified: number;
  };
  /** Whether it passed its check and rules out points. */
  readonly used: boolean;
}

export interface WaveRecord {
  /** 1-based. */
  readonly wave: number;
  /** The wave's runs, in parameter units. */
  readonly points: readonly (readonly number[])[];
  readonly outputs: readonly (readonly RunSummary[])[];
  readonly emulators: readonly EmulatorRecord[];
  /** Share of the whole box not yet ruled out before and after this wave. */
  readonly volumeBefore: number;
  readonly volumeAfter: number;
  /** Candidate points kept after this wave. */
  readonly kept: number;
  /** Largest, over targets, of mean emulator variance / (stochastic variance + tolerance²) over the kept space. */
  readonly varianceRatio: number;
}

export interface CheckedPoint {
  /** In parameter units. */
  readonly point: readonly number[];
  readonly outputs: readonly RunSummary[];
  /** Per target, from the real runs: no emulator variance. */
  readonly implausibility: readonly number[];
  /** The k-th largest of them. */
  readonly decisive: number;
  readonly nonImplausible: boolean;
}

export type StopReason = 'shrinkage' | 'emulator-variance' | 'max-waves' | 'empty';

export interface HistoryMatchResult {
  readonly waves: readonly WaveRecord[];
  readonly stopped: StopReason;
  /** Points of the final non-implausible space that were run for real, each with its implausibility from those runs. */
  readonly checked: readonly CheckedPoint[];
  /** The checked points that are non-implausible: the ensemble. */
  readonly ensemble: readonly (readonly number[])[];
  /** The implausibility of each wave's emulators at a point (parameter units): per wave, the decisive value and per target. */
  implausibilityAt(point: readonly number[]): { wave: number; decisive: number; perTarget: number[] }[];
}

interface WaveEmulators {
  readonly gps: readonly (GaussianProcess | undefined)[];
  readonly stochastic: readonly number[];
}

export async function historyMatch(opts: HistoryMatchOptions): Promise<HistoryMatchResult> {
  const { parameters, targets } = opts;
  checkTargets(targets);
  const d = parameters.length;
  if (d === 0) throw new RangeError('history matching needs at least one parameter');
  for (const p of parameters) if (!(p.low < p.high)) throw new RangeError(`parameter ${p.name}: expected low < high, got ${p.low}..${p.high}`);
  const seed = opts.seed ?? 0;
  const runsPerWave = opts.runsPerWave ?? 10 * d;
  const maxWaves = opts.maxWaves ?? 5;
  const cut = { cutoff: opts.cutoff ?? 3, order: opts.order ?? 1 };
  const heldOutShare = opts.heldOutShare ?? 0.2;
  const minWithinThree = opts.minWithinThree ?? 0.9;
  const shrinkStop = opts.shrinkStop ?? 0.9;
  const varianceStop = opts.varianceStop ?? 0.1;
  const rng = seedrandom.alea(`homeward:history-matching:${seed}`);

  const toParams = (u: readonly number[]) => u.map((v, j) => parameters[j]!.low + v * (parameters[j]!.high - parameters[j]!.low));
  const toUnit = (x: readonly number[]) => x.map((v, j) => (v - parameters[j]!.low) / (parameters[j]!.high - parameters[j]!.low));

  const run = async (unit: readonly (readonly number[])[]): Promise<RunSummary[][]> => {
    const outputs = await opts.evaluate(unit.map(toParams));
    if (outputs.length !== unit.length || outputs.some((o) => o.length !== targets.length)) {
      throw new Error(`evaluate must return, for each of the ${unit.length} points, one summary per target (${targets.length})`);
    }
    return outputs;
  };

  /** Per-target implausibility of one wave's emulators at a unit-cube point (NaN for an unused emulator). */
  const waveImplausibility = (w: WaveEmulators, u: readonly number[]): number[] =>
    targets.map((t, k) => {
      const gp = w.gps[k];
      if (!gp) return NaN;
      const p = gp.predict(u);
      return implausibility(t, p.mean, p.variance + w.stochastic[k]!);
    });
  const passes = (w: WaveEmulators, u: readonly number[]) => isNonImplausible(waveImplausibility(w, u).filter((v) => !Number.isNaN(v)), cut);

  const candidates = sobolPoints(opts.candidates ?? 8192, d, 1);
  let alive = candidates.map(() => true);
  const waves: WaveEmulators[] = [];
  const records: WaveRecord[] = [];
  let volume = 1;
  let stopped: StopReason = 'max-waves';

  for (let wave = 1; wave <= maxWaves; wave++) {
    const kept = candidates.filter((_, i) => alive[i]);
    const design = wave === 1 ? latinHypercube(runsPerWave, d, rng) : sampleKept(kept, runsPerWave, waves, passes, d, rng, 'maximin');
    const outputs = await run(design);

    // Hold out a seeded share of the runs; keep at least d + 3 to fit on.
    const order = permutation(design.length, rng);
    const nHeld = Math.min(Math.round(heldOutShare * design.length), Math.max(0, design.length - (d + 3)));
    const held = new Set(order.slice(0, nHeld));
    const emulators: (GaussianProcess | undefined)[] = [];
    const stochastic: number[] = [];
    const emulatorRecords: EmulatorRecord[] = [];
    for (let k = 0; k < targets.length; k++) {
      const target = targets[k]!;
      const ok = design.map((_, i) => Number.isFinite(outputs[i]![k]!.mean) && Number.isFinite(outputs[i]![k]!.variance));
      const train = design.map((_, i) => i).filter((i) => ok[i] && !held.has(i));
      const test = design.map((_, i) => i).filter((i) => ok[i] && held.has(i));
      const vs = mean(train.concat(test).map((i) => outputs[i]![k]!.variance));
      stochastic.push(vs);
      const ys = train.map((i) => outputs[i]![k]!.mean);
      const fitted =
        train.length >= d + 3
          ? await fitGaussianProcess(
              train.map((i) => design[i]!),
              ys,
              { kernel: opts.kernel ?? 'squared-exponential', mean: opts.mean ?? 'linear', seed: seed + 7919 * wave + k, nuggetBounds: nuggetBounds(vs, ys, opts.replications) },
            )
          : undefined;
      let heldErrors: number[] = [];
      let misclassified = 0;
      for (const i of test) {
        if (!fitted) break;
        const p = fitted.predict(design[i]!);
        const o = outputs[i]![k]!;
        heldErrors.push((o.mean - p.mean) / Math.sqrt(p.variance + fitted.noiseVariance));
        const emulated = implausibility(target, p.mean, p.variance + vs);
        const real = implausibility(target, o.mean, o.variance);
        if (emulated > cut.cutoff && real <= cut.cutoff) misclassified++;
      }
      if (!fitted) heldErrors = [];
      const all = train.concat(test).sort((a, b) => a - b);
      const gp = fitted ? GaussianProcess.condition(fitted.hyper, all.map((i) => design[i]!), all.map((i) => outputs[i]![k]!.mean)) : undefined;
      const heldOut = { ...summariseErrors(heldErrors), misclassified };
      const used = gp !== undefined && heldOut.withinThree >= minWithinThree && misclassified === 0;
      emulators.push(used ? gp : undefined);
      if (gp) {
        emulatorRecords.push({
          target: target.name,
          hyperparameters: gp.hyper,
          processVariance: gp.processVariance,
          noiseVariance: gp.noiseVariance,
          stochasticVariance: vs,
          leaveOneOut: summariseErrors(gp.leaveOneOut()),
          heldOut,
          used,
        });
      } else {
        emulatorRecords.push({
          target: target.name,
          hyperparameters: { kernel: opts.kernel ?? 'squared-exponential', mean: opts.mean ?? 'linear', lengthscales: [], nugget: NaN },
          processVariance: NaN,
          noiseVariance: NaN,
          stochasticVariance: vs,
          leaveOneOut: summariseErrors([]),
          heldOut,
          used: false,
        });
      }
    }
    const current: WaveEmulators = { gps: emulators, stochastic };
    waves.push(current);
    alive = alive.map((a, i) => a && passes(current, candidates[i]!));
    const keptAfter = candidates.filter((_, i) => alive[i]);
    const volumeBefore = volume;
    volume = keptAfter.length / candidates.length;

    // How much of the implausibility's denominator is still the emulators' own uncertainty, over the kept space.
    let varianceRatio = 0;
    targets.forEach((t, k) => {
      const gp = emulators[k];
      if (!gp || keptAfter.length === 0) return;
      const ev = mean(keptAfter.map((u) => gp.predict(u).variance));
      varianceRatio = Math.max(varianceRatio, ev / (stochastic[k]! + t.tolerance ** 2));
    });
    if (emulators.every((gp) => gp === undefined)) varianceRatio = Infinity;

    const record: WaveRecord = {
      wave,
      points: design.map(toParams),
      outputs,
      emulators: emulatorRecords,
      volumeBefore,
      volumeAfter: volume,
      kept: keptAfter.length,
      varianceRatio,
    };
    records.push(record);
    opts.onWave?.(record);

    if (keptAfter.length === 0) {
      stopped = 'empty';
      break;
    }
    if (wave > 1 && volume > shrinkStop * volumeBefore && varianceRatio < 1) {
      stopped = 'shrinkage';
      break;
    }
    // Only when every target has an emulator in use: a target whose emulator failed its check has ruled out nothing
    // yet, however sure the others are.
    if (varianceRatio < varianceStop && emulators.every((gp) => gp !== undefined)) {
      stopped = 'emulator-variance';
      break;
    }
  }

  // Check a space-filling sample of what is left by real runs.
  let checked: CheckedPoint[] = [];
  if (stopped !== 'empty') {
    const kept = candidates.filter((_, i) => alive[i]);
    const finalCut = { cutoff: Math.min(opts.finalCutoff ?? cut.cutoff, cut.cutoff), order: cut.order };
    const passesFinal = (w: WaveEmulators, u: readonly number[]) => isNonImplausible(waveImplausibility(w, u).filter((v) => !Number.isNaN(v)), finalCut);
    const core = finalCut.cutoff < cut.cutoff ? kept.filter((u) => waves.every((w) => passesFinal(w, u))) : kept;
    // Drawn at random, not space-filling: the ensemble stands for the space left, so its members must be spread as
    // that space is (a maximin choice favours its edges, and the share of worlds where a policy difference holds would
    // then overweight the edges).
    const nFinal = opts.finalRuns ?? runsPerWave;
    const finals = core.length > 0 ? sampleKept(core, nFinal, waves, passesFinal, d, rng, 'random') : sampleKept(kept, nFinal, waves, passes, d, rng, 'random');
    const outputs = await run(finals);
    checked = finals.map((u, i) => {
      const values = targets.map((t, k) => implausibility(t, outputs[i]![k]!.mean, outputs[i]![k]!.variance));
      return {
        point: toParams(u),
        outputs: outputs[i]!,
        implausibility: values,
        decisive: kthLargest(values.map((v) => (Number.isNaN(v) ? Infinity : v)), cut.order),
        nonImplausible: isNonImplausible(values, cut),
      };
    });
  }

  return {
    waves: records,
    stopped,
    checked,
    ensemble: checked.filter((c) => c.nonImplausible).map((c) => c.point),
    implausibilityAt(point) {
      const u = toUnit(point);
      return waves.map((w, i) => {
        const perTarget = waveImplausibility(w, u);
        return { wave: i + 1, decisive: kthLargest(perTarget.filter((v) => !Number.isNaN(v)), cut.order), perTarget };
      });
    },
  };
}

/** Nugget bounds: by default 1e-8..1; with known replications, from half the noise of a mean relative to the outputs' variance. */
function nuggetBounds(stochasticVariance: number, ys: readonly number[], replications: number | undefined): [number, number] {
  if (!replications || !(stochasticVariance > 0)) return [1e-8, 1];
  const m = mean(ys);
  const spread = mean(ys.map((y) => (y - m) ** 2));
  if (!(spread > 0)) return [1e-8, 1];
  const ratio = stochasticVariance / replications / spread;
  return [Math.max(1e-8, 0.5 * ratio), Math.max(1, 10 * ratio)];
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

/**
 * n points of the kept space: space-filling (maximin, for a wave's design: the emulators learn the whole space left)
 * or at random (for the final points: spread as the space left is). When fewer candidates are kept than needed, more
 * are found by jittering kept ones (a normal step of half their spread) and keeping the steps that stay in the box
 * and that every wave so far keeps too. A step out of the box is dropped, not clamped to it: clamping would pile
 * points on the box's faces, exactly where the maximin choice then picks them.
 */
function sampleKept(
  kept: readonly (readonly number[])[],
  n: number,
  waves: readonly WaveEmulators[],
  passes: (w: WaveEmulators, u: readonly number[]) => boolean,
  d: number,
  rng: () => number,
  choose: 'maximin' | 'random',
): number[][] {
  const pool = kept.map((k) => [...k]);
  if (pool.length > 0 && pool.length < 4 * n) {
    const spread = Array.from({ length: d }, (_, j) => {
      const values = pool.map((p) => p[j]!);
      const m = mean(values);
      return Math.max(0.01, Math.sqrt(mean(values.map((v) => (v - m) ** 2))));
    });
    const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    for (let attempt = 0; attempt < 200 * n && pool.length < 4 * n; attempt++) {
      const from = pool[Math.floor(rng() * pool.length)]!;
      const step = from.map((x, j) => x + 0.5 * spread[j]! * normal());
      if (step.every((x) => x >= 0 && x <= 1) && waves.every((w) => passes(w, step))) pool.push(step);
    }
  }
  if (choose === 'maximin') return maximinSubset(pool, n, rng());
  return permutation(pool.length, rng)
    .slice(0, n)
    .map((i) => pool[i]!);
}
