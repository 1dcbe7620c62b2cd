import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { historyMatch, type Evaluate, type RunSummary } from '../src/calibrate/history-matching/waves.js';
import type { Target } from '../src/calibrate/history-matching/implausibility.js';

/**
 * History matching on a toy stochastic simulator with known true parameters: the truth stays non-implausible in
 * every wave, the space shrinks, and the final points, checked by real runs, lie near the truth.
 */

const PARAMETERS = [
  { name: 'a', low: 0, high: 2 },
  { name: 'b', low: -1, high: 1 },
  { name: 'c', low: 10, high: 20 },
];
const TRUTH = [0.7, 0.3, 14];
const NOISE_SD = 0.05;
const REPS = 4;

/** The toy model's expected outputs. */
function expected([a, b, c]: readonly number[]): number[] {
  // Wiggly enough that one wave of runs cannot emulate it well everywhere.
  return [Math.sin(3 * a!) + b! ** 2, Math.cos(2 * a! + 2 * b!) + (c! - 10) / 10, a! * b! + Math.sin(c! / 2)];
}

/** A stochastic toy: REPS replications with normal noise, summarised as mean and variance across them. */
function toySimulator(seed: number): { evaluate: Evaluate; runs: () => number } {
  const rng = seedrandom.alea(`toy:${seed}`);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  let runs = 0;
  const evaluate: Evaluate = async (points) =>
    points.map((x) => {
      runs += REPS;
      const reps = Array.from({ length: REPS }, () => expected(x).map((f) => f + NOISE_SD * normal()));
      return expected(x).map((_, k): RunSummary => {
        const values = reps.map((r) => r[k]!);
        const m = values.reduce((s, v) => s + v, 0) / REPS;
        return { mean: m, variance: values.reduce((s, v) => s + (v - m) ** 2, 0) / (REPS - 1) };
      });
    });
  return { evaluate, runs: () => runs };
}

const TARGETS: Target[] = expected(TRUTH).map((z, k) => ({ name: `f${k + 1}`, value: z, tolerance: 0.05 }));

describe('history matching on a toy simulator', () => {
  it('keeps the true parameters in every wave, shrinks the space, and ends with points consistent with the truth', async () => {
    const toy = toySimulator(1);
    const result = await historyMatch({ parameters: PARAMETERS, targets: TARGETS, evaluate: toy.evaluate, seed: 3, runsPerWave: 20, maxWaves: 4, candidates: 4096, replications: REPS });
    expect(result.waves.length).toBeGreaterThanOrEqual(3);
    for (const w of result.implausibilityAt(TRUTH)) expect(w.decisive, `wave ${w.wave}`).toBeLessThanOrEqual(3);
    const volumes = result.waves.map((w) => w.volumeAfter);
    for (let i = 1; i < volumes.length; i++) expect(volumes[i]!).toBeLessThan(volumes[i - 1]!);
    expect(volumes[0]!).toBeLessThan(0.5);
    expect(volumes.at(-1)!).toBeLessThan(0.02);
    // Used emulators never rule out a held-out run whose real output is not implausible.
    for (const w of result.waves) for (const e of w.emulators) if (e.used) expect(e.heldOut.misclassified).toBe(0);
    // The ensemble, checked by real runs, is consistent with the targets: the toy's expected outputs there lie within
    // three standard deviations (tolerance and noise) of the truth's, give or take three standard errors of a
    // 4-run mean by which the check itself can err. (The toy has more than one such region.)
    expect(result.ensemble.length).toBeGreaterThan(0);
    for (const c of result.checked) expect(c.implausibility).toHaveLength(3);
    const bound = 3 * Math.hypot(0.05, NOISE_SD) + 3 * (NOISE_SD / Math.sqrt(REPS));
    for (const p of result.ensemble) {
      expected(p).forEach((f, k) => expect(Math.abs(f - expected(TRUTH)[k]!), `${p} f${k + 1}`).toBeLessThanOrEqual(bound));
    }
    expect(['shrinkage', 'emulator-variance', 'max-waves']).toContain(result.stopped);
  });

  it('is deterministic given the seed', async () => {
    const summary = async () => {
      const r = await historyMatch({ parameters: PARAMETERS, targets: TARGETS, evaluate: toySimulator(2).evaluate, seed: 5, runsPerWave: 15, maxWaves: 2, candidates: 1024, replications: REPS });
      return JSON.stringify({ waves: r.waves, checked: r.checked, stopped: r.stopped });
    };
    expect(await summary()).toBe(await summary());
  });

  it('stops with nothing kept when no parameter set can meet the targets', async () => {
    const impossible: Target[] = [{ name: 'f1', value: 50, tolerance: 0.05 }, ...TARGETS.slice(1)];
    const result = await historyMatch({ parameters: PARAMETERS, targets: impossible, evaluate: toySimulator(3).evaluate, seed: 1, runsPerWave: 20, candidates: 1024, replications: REPS });
    expect(result.stopped).toBe('empty');
    expect(result.waves).toHaveLength(1);
    expect(result.ensemble).toEqual([]);
  });

  it('stops after one wave when the emulators are already sure of a smooth model', async () => {
    const linear: Evaluate = async (points) => points.map(([a, b, c]) => [{ mean: a! + b!, variance: 1e-4 }, { mean: a! - 0.1 * c!, variance: 1e-4 }]);
    const targets: Target[] = [{ name: 'sum', value: 0.5, tolerance: 0.1 }, { name: 'diff', value: -1, tolerance: 0.1 }];
    const result = await historyMatch({ parameters: PARAMETERS, targets, evaluate: linear, seed: 1, runsPerWave: 20, candidates: 2048 });
    expect(result.stopped).toBe('emulator-variance');
    expect(result.waves[0]!.varianceRatio).toBeLessThan(0.1);
    expect(result.implausibilityAt([0.5, 0, 15])[0]!.decisive).toBeLessThan(1);
    expect(result.ensemble.length).toBe(result.checked.length);
  });
});

describe('the final points', () => {
  it('drawn from the core where the emulators expect the targets met (finalCutoff 1), lie closer to the targets', async () => {
    const run = (finalCutoff?: number) =>
      historyMatch({ parameters: PARAMETERS, targets: TARGETS, evaluate: toySimulator(4).evaluate, seed: 2, runsPerWave: 20, maxWaves: 2, candidates: 2048, replications: REPS, finalRuns: 15, ...(finalCutoff === undefined ? {} : { finalCutoff }) });
    const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const all = await run();
    const core = await run(1);
    expect(core.checked).toHaveLength(15);
    expect(mean(core.checked.map((c) => c.decisive))).toBeLessThan(mean(all.checked.map((c) => c.decisive)));
    // The same waves: only the final sample differs.
    expect(JSON.stringify(core.waves)).toBe(JSON.stringify(all.waves));
    // finalCutoff at the cutoff is the default.
    expect(JSON.stringify(await run(3))).toBe(JSON.stringify(all));
  });
});
