// The estimators of `homeward sensitivity` checked through the command's own code path: the plan (scenario, --param
// ranges, design, every point's scenario), the run on an evaluator with replications, the journal in the store and
// the assembly that computes the indices, with a model definition that computes the Ishigami and G functions of the
// parameters it is given. Only the model differs from the command's.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessEvaluator } from '../src/engine/in-process-evaluator.js';
import type { IndexRow } from '../src/sensitivity/factors.js';
import { planSensitivity, type SensitivitySpec } from '../src/sensitivity/plan.js';
import { defaultFactors } from '../src/sensitivity/params.js';
import { assembleSensitivity, openSensitivity, runSensitivity } from '../src/sensitivity/run.js';
import { SensitivityStore } from '../src/sensitivity/store.js';
import { rangedParameters } from '../src/scenario/describe.js';
import { removeDir, tempDir, writeScenario } from './support/cli.js';
import { FUNCTION_OUTCOMES, functionModel, G_PATHS, ISHIGAMI_PATHS } from './support/function-model.js';
import { ishigamiIndices } from './support/sensitivity-functions.js';

let dir: string;
let scenario: string;
beforeAll(async () => {
  dir = await tempDir();
  scenario = await writeScenario(dir, 'fn');
});
afterAll(() => removeDir(dir));

const PI = '3.14159265';

/** Plans, runs and assembles an analysis of the function model; returns the index rows and sensitivity.csv. */
async function analyse(spec: Omit<SensitivitySpec, 'scenario' | 'set' | 'months'>, out: string): Promise<{ rows: readonly IndexRow[]; csv: string }> {
  const plan = await planSensitivity({ scenario, set: [], months: 1, ...spec }, { outcomes: FUNCTION_OUTCOMES });
  const store = new SensitivityStore(out, plan.name);
  const done = await openSensitivity(plan, store, false);
  await runSensitivity(plan, store, done, new InProcessEvaluator(functionModel));
  const { rows, dir: temp } = await assembleSensitivity(plan, store);
  const csv = await readFile(join(temp, 'sensitivity.csv'), 'utf8');
  await store.commit();
  return { rows, csv };
}

const pick = (rows: readonly IndexRow[], outcome: string, index: string) => rows.filter((r) => r.outcome === outcome && r.index === index);

describe('the estimators through the sensitivity command’s code path', { timeout: 120_000 }, () => {
  it("Sobol: the Ishigami function's analytic indices lie within their bootstrap intervals", async () => {
    // 512 samples (5 × 512 points, half the 1,024 this took before): every analytic index lies in its interval and the
    // widest interval is 0.22 (ST of x1), under the 0.25 that keeps it useful; at 256 samples the widest is 0.37.
    const { rows } = await analyse(
      { method: 'sobol', samples: 512, bootstrap: 500, reps: '2', params: ISHIGAMI_PATHS.map((p) => `${p}=-${PI}:${PI}`) },
      join(dir, 'ishigami'),
    );
    const exact = ishigamiIndices();
    for (const [index, values] of [['S1', exact.S1], ['ST', exact.ST]] as const) {
      const estimated = pick(rows, 'ishigami', index);
      expect(estimated.map((r) => r.parameter)).toEqual(ISHIGAMI_PATHS);
      estimated.forEach((r, i) => {
        expect(r.n).toBe(512);
        expect(r.ci95_low, `${index} ${r.parameter}: ${r.ci95_low}..${r.ci95_high} should hold ${values[i]}`).toBeLessThanOrEqual(values[i]!);
        expect(r.ci95_high, `${index} ${r.parameter}`).toBeGreaterThanOrEqual(values[i]!);
        expect(r.ci95_high - r.ci95_low, `${index} ${r.parameter}: a useful interval`).toBeLessThan(0.25);
      });
    }
    // The function model has no replication noise: its two replications agree, and the share of noise is 0.
    expect(pick(rows, 'ishigami', 'noise_share').map((r) => [r.parameter, r.value])).toEqual([['*', 0]]);
  });

  it("Morris: ranks the G function's parameters in the known order (x1 > x2 > x3 > x4 > the rest)", async () => {
    const { rows } = await analyse({ method: 'morris', trajectories: 30, bootstrap: 300, reps: '1', params: G_PATHS.map((p) => `${p}=0:1`) }, join(dir, 'g'));
    const muStar = pick(rows, 'g', 'mu_star');
    expect(muStar.map((r) => r.parameter)).toEqual(G_PATHS);
    const v = muStar.map((r) => r.value);
    for (let i = 0; i < 3; i++) expect(v[i], G_PATHS[i]).toBeGreaterThan(v[i + 1]!);
    for (const rest of v.slice(4)) expect(v[3]).toBeGreaterThan(rest);
    for (const r of muStar.slice(0, 3)) expect(r.ci95_low, r.parameter).toBeGreaterThan(Math.max(...muStar.slice(4).map((s) => s.ci95_high)));
  });

  it('the same arguments give the same sensitivity.csv, to the byte', async () => {
    const spec = { method: 'morris' as const, trajectories: 6, bootstrap: 100, reps: '2', params: G_PATHS.slice(0, 4).map((p) => `${p}=0:1`) };
    const a = await analyse(spec, join(dir, 'same-a'));
    const b = await analyse(spec, join(dir, 'same-b'));
    expect(b.csv).toBe(a.csv);
  });
});

describe('the default parameters', { timeout: 60_000 }, () => {
  it('are every uncertainty and calibrated parameter with a plausible range, over that range', async () => {
    const ranged = rangedParameters(['uncertainty', 'calibrated']);
    const factors = defaultFactors();
    expect(factors.map((f) => [f.name, f.low, f.high, f.role])).toEqual(ranged.map((p) => [p.path, p.low, p.high, p.role]));
    expect(new Set(factors.map((f) => f.role))).toEqual(new Set(['uncertainty', 'calibrated']));
    const plan = await planSensitivity({ scenario, set: [], months: 1, params: [] }, { outcomes: FUNCTION_OUTCOMES });
    expect(plan.factors).toHaveLength(ranged.length);
    expect(plan.values).toHaveLength(10 * (ranged.length + 1)); // 10 trajectories of k + 1 points
    expect(plan.seeds).toHaveLength(2); // two replications unless --reps
    // One assertion over all 1,400 × 139 values (an expect per value took seconds): the values out of their range, none.
    const outside = plan.values.flatMap((point, k) => point.flatMap((x, j) => (x >= factors[j]!.low && x <= factors[j]!.high ? [] : [`point ${k}: ${factors[j]!.name}=${x}`])));
    expect(outside).toEqual([]);
  });
});
