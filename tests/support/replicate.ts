import { availableParallelism } from 'node:os';
import type { Evaluator } from '../../src/engine/evaluator.js';
import type { Experiments } from '../../src/engine/experiment.js';
import type * as Seeds from '../../src/engine/seeds.js';
import type * as Threads from '../../src/engine/thread-evaluator.js';
import type * as Definition from '../../src/model/definition.js';
import { METRIC_INDEX, type CreatorSnapshot, type MetricName } from '../../src/model/definition.js';
import { loadScenario } from '../../src/scenario/load.js';
import { parseMonth } from '../../src/scenario/month.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { importDist, requireBuild } from './cli.js';

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

/**
 * The replications run on worker threads, all cores, through the evaluator `homeward run` uses. Workers run the
 * built code (dist/: a worker thread cannot load the TypeScript sources), so `npm test` builds first.
 */
let threads: Promise<Evaluator<CreatorSnapshot>> | undefined;
function evaluator(): Promise<Evaluator<CreatorSnapshot>> {
  return (threads ??= (async () => {
    requireBuild();
    const { ThreadEvaluator } = await importDist<typeof Threads>('engine/thread-evaluator.js');
    const { definition } = await importDist<typeof Definition>('model/definition.js');
    return new ThreadEvaluator(definition, availableParallelism());
  })());
}

/** Stops the worker threads; a test file that replicates calls it in afterAll. */
export async function closeReplications(): Promise<void> {
  const open = threads;
  threads = undefined;
  await (await open)?.close();
}

/** Replications `from`, ..., `to - 1` of a scenario, seeded as `homeward run` seeds them. */
async function runReps(scenario: Scenario, from: number, to: number): Promise<Run[]> {
  const { repSeed } = await importDist<typeof Seeds>('engine/seeds.js');
  const reps: Experiments = {
    length: to - from,
    at: (index) => ({ index, scenario, rep: from + index, seed: repSeed(scenario.seed, from + index) }),
  };
  const runs: Run[] = [];
  await (await evaluator()).run(reps, (result) => void runs.push(new Run(result.columns, result.start, result.snapshots)));
  return runs;
}

/** Per scenario (file and overrides), its replications so far; replication r is the same whatever the count asked. */
const cache = new Map<string, Promise<Run[]>>();
/** The evaluator runs one batch at a time: batches queue here. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `reps` replications of a scenario file with overrides, with common random numbers: replication r of every
 * scenario uses the same seed, so differences between scenarios are paired. Cached per test file: asking for more
 * replications of a scenario runs only the ones not run yet.
 */
export function replicate(file: string, overrides: readonly string[] = [], reps = 4): Promise<Run[]> {
  const key = JSON.stringify([file, overrides]);
  const before = cache.get(key) ?? Promise.resolve([]);
  const runs = before.then(async (done) => {
    if (done.length >= reps) return done;
    const { scenario } = await loadScenario(file, [`population.agents=${TEST_AGENTS}`, ...overrides]);
    const more = queue.then(() => runReps(scenario, done.length, reps));
    queue = more.catch(() => undefined);
    return [...done, ...(await more)];
  });
  cache.set(key, runs);
  return runs.then((all) => all.slice(0, reps));
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
