// Test problems of multi-objective optimisation, as a model of scenario parameters (no agents), so that `homeward
// search`'s own plan → evaluator → outcomes → NSGA-II path can be checked against fronts known exactly.
import type { ModelDefinition, RunResult } from '../../src/core/definition.js';
import { valueAt } from '../../src/scenario/overrides.js';
import type { RunOutcome } from '../../src/sensitivity/outcomes.js';
import { G_PATHS } from './function-model.js';

/** ZDT1 (Zitzler, Deb and Thiele 2000, Evol. Comput. 8(2)): front f2 = 1 - sqrt(f1), f1 in [0, 1], where x2.. = 0. */
export function zdt1(x: readonly number[]): [number, number] {
  const g = 1 + (9 * x.slice(1).reduce((s, v) => s + v, 0)) / (x.length - 1);
  return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
}

/** DTLZ2 (Deb, Thiele, Laumanns and Zitzler 2005) with m objectives: front sum f_i^2 = 1, where x_m.. = 0.5. */
export function dtlz2(x: readonly number[], m: number): number[] {
  const g = x.slice(m - 1).reduce((s, v) => s + (v - 0.5) ** 2, 0);
  return Array.from({ length: m }, (_, i) => {
    let f = 1 + g;
    for (let j = 0; j < m - 1 - i; j++) f *= Math.cos((x[j]! * Math.PI) / 2);
    if (i > 0) f *= Math.sin((x[m - 1 - i]! * Math.PI) / 2);
    return f;
  });
}

/**
 * The true fronts' hypervolumes with the reference point (1.1, ..., 1.1), from the fronts above:
 * ZDT1: the area between f2 = 1 - sqrt(f1) and the reference, ∫0^1 (0.1 + sqrt f1) df1 + 0.1 · 1.1 = 0.1 + 2/3 + 0.11;
 * DTLZ2 with 2 objectives: the square 1.1² less the quarter disc, 1.21 - π/4; with 3: 1.1³ - π/6 (the octant of the ball).
 */
export const REFERENCE = 1.1;
export const ZDT1_HV = 0.1 + 2 / 3 + 0.11;
export const DTLZ2_HV: Readonly<Record<2 | 3, number>> = { 2: 1.21 - Math.PI / 4, 3: 1.331 - Math.PI / 6 };

/** Parameters in [0, 1] with no check tying them to others: the test problems' x1..x11 (the G function's eight, and three more). */
export const SEARCH_PATHS = [...G_PATHS, 'labour.job_loss', 'labour.rehire', 'creators.learning'];

interface State {
  readonly x: readonly number[];
}

/** Metrics 0-1: ZDT1 of the first `zdt1Variables` paths; metrics 2-3: DTLZ2 (2 objectives) of all of them. */
export function searchModel(zdt1Variables: number): ModelDefinition<State, never> {
  return {
    module: import.meta.url,
    create: (scenario) => ({ x: SEARCH_PATHS.map((p) => valueAt(scenario, p) as number) }),
    schedule: [],
    metrics: [
      { name: 'zdt1_f1', unit: '', scaled: false, doc: 'ZDT1 f1', value: (s) => zdt1(s.x.slice(0, zdt1Variables))[0] },
      { name: 'zdt1_f2', unit: '', scaled: false, doc: 'ZDT1 f2', value: (s) => zdt1(s.x.slice(0, zdt1Variables))[1] },
      { name: 'dtlz2_f1', unit: '', scaled: false, doc: 'DTLZ2 f1', value: (s) => dtlz2(s.x, 2)[0]! },
      { name: 'dtlz2_f2', unit: '', scaled: false, doc: 'DTLZ2 f2', value: (s) => dtlz2(s.x, 2)[1]! },
    ],
    activeAgents: () => 1,
  };
}

/** The four metrics as outcomes of a run (their value in the first month). */
export const SEARCH_OUTCOMES: RunOutcome<never>[] = ['zdt1_f1', 'zdt1_f2', 'dtlz2_f1', 'dtlz2_f2'].map((name, k) => ({ name, unit: '', value: (r: RunResult<never>) => r.columns[k]![0]! }));
