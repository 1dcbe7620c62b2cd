import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { historyMatch, type Evaluate, type RunSummary } from '../src/calibrate/history-matching/waves.js';
import type { Target } from '../src/calibrate/history-matching/implausibility.js';
import type { HistoryMatched, HistoryMatchPlan } from '../src/calibrate/history-match.js';
import { historyMatchSummary } from '../src/calibrate/history-match-output.js';

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

  it('draws the final points spread as the space left is: none piled on the faces of the box', async () => {
    // f = x1 with a little noise, matched to 0.95: the space left is the slab x1 >= about 0.88, touching the face
    // x1 = 1; x2 does not matter, so it stays free over [0, 1].
    const rng = seedrandom.alea('slab');
    const evaluate: Evaluate = async (points) => points.map(([x1]) => [{ mean: x1! + 0.01 * (rng() - 0.5), variance: 1e-4 }]);
    const result = await historyMatch({
      parameters: [
        { name: 'x1', low: 0, high: 1 },
        { name: 'x2', low: 0, high: 1 },
      ],
      targets: [{ name: 'f', value: 0.95, tolerance: 0.02 }],
      evaluate,
      seed: 4,
      runsPerWave: 20,
      finalRuns: 40,
      maxWaves: 3,
      candidates: 1024,
      replications: 4,
    });
    const finals = result.checked.map((c) => c.point);
    expect(finals.length).toBe(40);
    // A jittered point out of the box is dropped, never clamped onto a face.
    for (const [x1, x2] of finals) expect([x1, x2].filter((x) => x === 0 || x === 1), `${x1}, ${x2}`).toEqual([]);
    // x2 is free: about a tenth of uniform points lie within 0.05 of a face, more than 12 of 40 with a chance below
    // 0.1% (binomial); a maximin choice puts most of its points there.
    expect(finals.filter(([, x2]) => x2! < 0.05 || x2! > 0.95).length).toBeLessThanOrEqual(12);
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

describe('the printed summary of a match', () => {
  const plan = {
    cutoff: 3,
    free: [
      { path: 'population.annual_inflow', low: 0.03, high: 0.09, initial: 0.062 },
      { path: 'decision.intercept', low: -9, high: -6, initial: -7.4 },
    ],
  } as unknown as HistoryMatchPlan;
  const matched = (ensemble: number[][]) => ({ result: { waves: [], stopped: 'shrinkage' }, checked: [], ensemble, runs: [] }) as unknown as HistoryMatched;

  it('says which parameters the ensemble pushes against an end of their range', () => {
    const text = historyMatchSummary(plan, matched([[0.089, -7.5], [0.07, -7.2]]), 'ensemble.yaml');
    expect(text).toMatch(/population\.annual_inflow: the ensemble reaches the high end \(0\.09\) of its range/);
    expect(text).not.toMatch(/decision\.intercept: the ensemble reaches/);
  });

  it('says nothing of the kind when the ensemble keeps clear of the ends', () => {
    expect(historyMatchSummary(plan, matched([[0.08, -7.5], [0.05, -7.2]]), 'ensemble.yaml')).not.toMatch(/reaches the/);
  });
});
