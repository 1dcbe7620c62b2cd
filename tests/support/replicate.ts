import { definition, type CreatorSnapshot } from '../../src/model/definition.js';
import { repSeed } from '../../src/engine/seeds.js';
import { simulate } from '../../src/engine/simulate.js';
import { METRIC_INDEX, type MetricName } from '../../src/model/metrics.js';
import { loadScenario } from '../../src/scenario/load.js';
import { parseMonth } from '../../src/scenario/month.js';

/** Agents for mechanism tests: 1/25 of the county; capacities scale with it, so the dynamics keep their shape. */
export const TEST_AGENTS = 20_000;

/** One replication's metric columns, read by name. */
export class Run {
  constructor(
    private readonly columns: Float64Array[],
    private readonly start: number,
    /** Creators at the scenario's snapshot months. */
    readonly creators: readonly CreatorSnapshot[] = [],
  ) {}

  series(name: MetricName): Float64Array {
    return this.columns[METRIC_INDEX[name]]!;
  }

  /** Month index into the series for `YYYY-MM`. */
  at(month: string): number {
    return parseMonth(month) - this.start;
  }

  /** Sum of a flow over [from, to) given as YYYY-MM. */
  sum(name: MetricName, from: string, to: string): number {
    const s = this.series(name);
    let total = 0;
    for (let t = this.at(from); t < this.at(to); t++) total += s[t]!;
    return total;
  }

  /** Mean of a metric over [from, to), skipping months where it is undefined (NaN). */
  mean(name: MetricName, from: string, to: string): number {
    const s = this.series(name);
    let total = 0;
    let n = 0;
    for (let t = this.at(from); t < this.at(to); t++) {
      if (!Number.isNaN(s[t]!)) {
        total += s[t]!;
        n++;
      }
    }
    return n > 0 ? total / n : NaN;
  }
}

const cache = new Map<string, Promise<Run[]>>();

/**
 * Runs `reps` replications of a scenario file with overrides, with common random numbers: replication r
 * of every scenario uses the same seed, so differences between scenarios are paired. Cached per test file.
 */
export function replicate(file: string, overrides: readonly string[] = [], reps = 4): Promise<Run[]> {
  const key = JSON.stringify([file, overrides, reps]);
  let runs = cache.get(key);
  if (!runs) {
    runs = (async () => {
      const { scenario } = await loadScenario(file, [`population.agents=${TEST_AGENTS}`, ...overrides]);
      return Array.from({ length: reps }, (_, r) => {
        const result = simulate(definition, scenario, { rep: r, seed: repSeed(scenario.seed, r) });
        return new Run(result.columns, result.start, result.snapshots);
      });
    })();
    cache.set(key, runs);
  }
  return runs;
}

/** t quantiles (0.975) for small samples, by degrees of freedom. */
const T975 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];

/** Paired difference b - a of an outcome over replications: mean and 95% confidence interval. */
export function pairedDifference(a: Run[], b: Run[], outcome: (run: Run) => number): { mean: number; low: number; high: number } {
  const d = a.map((run, r) => outcome(b[r]!) - outcome(run));
  const n = d.length;
  const mean = d.reduce((x, y) => x + y, 0) / n;
  const sd = Math.sqrt(d.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1));
  const half = T975[n - 1]! * (sd / Math.sqrt(n));
  return { mean, low: mean - half, high: mean + half };
}
