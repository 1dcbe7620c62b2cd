import { performance } from 'node:perf_hooks';
import { interruptible } from './interrupt.js';
import { plotOutput } from './plot.js';
import { outcomesOf } from '../analysis/outcomes.js';
import { SummaryAccumulator } from '../analysis/summary.js';
import { compareCsv, compareOutcomes, compareTable } from '../compare/results.js';
import { threadCount } from '../engine/evaluator.js';
import { ExperimentGrid, scenarioMonths } from '../engine/experiment.js';
import { repSeeds } from '../engine/seeds.js';
import { ThreadEvaluator } from '../engine/thread-evaluator.js';
import { RunDir, writeFileAtomic } from '../output/atomic.js';
import { RunWriter, type RunInfo } from '../output/run-files.js';
import { ScenarioError, UsageError } from '../scenario/errors.js';
import { parseMonth } from '../scenario/month.js';
import type { Scenario } from '../scenario/schema.js';
import { createProgress } from './progress.js';
import { resolveScenario } from './run.js';
import { checkOutputName, type ScenarioOptions } from '../scenario/options.js';
import { packageVersion } from '../output/provenance.js';

export interface CompareArgs extends ScenarioOptions {
  /** Scenario files; the first is the reference. */
  readonly scenarios: readonly string[];
  readonly out: string;
  /** Name of the output directory (default `compare-<reference name>`). */
  readonly name?: string;
  readonly threads?: number;
  readonly quiet: boolean;
  /** Write charts/ and report.html too (default true; --no-plot turns it off). */
  readonly plot?: boolean;
}

/** compare.json: what was compared, for the charts and for reading the directory back. */
export interface CompareInfo {
  reference: string;
  /** Each scenario: its name, the file it was loaded from, and its run directory (relative to compare.json). */
  scenarios: { name: string; file: string; dir: string }[];
  reps: number;
  seed: number;
  rep_seeds: number[];
}

export interface CompareResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly info: CompareInfo;
}

/** Files of the comparison directory that a scenario's run directory must not shadow. */
const RESERVED = new Set(['compare.csv', 'compare.json']);

/**
 * Loads the scenarios of a comparison with the same overrides, seed and replications: the seed is --seed or the
 * reference's seed, the reps --reps or the reference's, so replication r of every scenario uses the same seed.
 * Names must differ (they name the run directories) and the simulated months must agree (outcomes are sums over them).
 */
export async function resolveComparison(args: Pick<CompareArgs, 'scenarios' | 'set' | 'seed' | 'reps' | 'agents' | 'months'>): Promise<Scenario[]> {
  const [first] = args.scenarios;
  if (first === undefined) throw new UsageError('compare needs at least one scenario file');
  const reference = await resolveScenario({ ...args, scenario: first });
  const common = { ...args, seed: String(reference.seed), reps: String(reference.reps) };
  const scenarios = [reference];
  for (const file of args.scenarios.slice(1)) scenarios.push(await resolveScenario({ ...common, scenario: file }));

  const problems = scenarios.flatMap((s, i) => {
    const file = args.scenarios[i]!;
    const earlier = scenarios.findIndex((o) => o.name === s.name);
    if (earlier < i) {
      return [{ file, path: 'name', message: `compare needs distinct scenario names (they name the run directories): "${s.name}" is also the name of ${args.scenarios[earlier]}; give one of them another name:` }];
    }
    if (RESERVED.has(s.name)) return [{ file, path: 'name', message: `"${s.name}" cannot name a scenario in a comparison (it is a file of the comparison directory)` }];
    if (s.start !== reference.start || s.end !== reference.end) {
      return [{ file, path: 'end', message: `simulates ${s.start}..${s.end} but the reference ${reference.name} simulates ${reference.start}..${reference.end}; compared scenarios must cover the same months` }];
    }
    return [];
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  return scenarios;
}

/**
 * `homeward compare`: runs every scenario's replications on one pool of worker threads (all cores busy across
 * scenarios), writes each scenario's run directory exactly as `run` does, then compare.csv and compare.json, and
 * swaps the whole `<out>/<name>/` into place at once. Prints the comparison table and then the output directory.
 */
export async function compareCommand(args: CompareArgs, print: (text: string) => void = (t) => process.stdout.write(t)): Promise<CompareResult> {
  checkOutputName(args.name);
  const scenarios = await resolveComparison(args);
  const reference = scenarios[0]!;
  const { reps, seed } = reference;
  const seeds = repSeeds(seed, reps);
  const months = scenarioMonths(reference);
  const tasks = scenarios.length * reps;
  const threads = threadCount(tasks, args.threads);
  const show = process.stderr.isTTY === true && !args.quiet;

  const dir = new RunDir(args.out, args.name ?? `compare-${reference.name}`);
  // Each scenario's run directory is built inside the comparison's temporary directory, so nothing is visible
  // under <out> until the whole comparison is complete.
  const writers = scenarios.map((s) => new RunWriter(dir.temp, s));
  const progress = createProgress(show, tasks, months);
  return interruptible({ stopProgress: () => progress.stop(), discardSync: () => dir.discardSync() }, async (signal, life) => {
    await dir.create();
    for (const w of writers) await w.open();
    const started = new Date();
    const t0 = performance.now();
    let scenarioStarted = started;
    let scenarioT0 = t0;
    const outcomes = scenarios.map(() => [] as number[][]);
    let acc = new SummaryAccumulator(parseMonth(reference.start), months);
    let agentSteps = 0;

    const grid = new ExperimentGrid(scenarios, seeds);
    const evaluator = new ThreadEvaluator(threads);
    try {
    await evaluator.run(
      grid,
      async (result, i) => {
        const s = grid.scenarioOf(i);
        const scenario = scenarios[s]!;
        outcomes[s]!.push(outcomesOf(result.columns, result.months));
        acc.add(result);
        agentSteps += result.agentSteps;
        await life.track(writers[s]!.writeRep(result));
        if (result.rep < reps - 1) return;
        // The scenario's last rep: its run directory is complete. Results arrive in scenario order, so its wall time
        // is from the previous scenario's completion to now (the shared pool overlaps them a little).
        const wall = (performance.now() - scenarioT0) / 1000;
        const finished = new Date();
        await life.track(writers[s]!.finish(scenario, acc.summary(), runInfo(scenario, seeds, threads, agentSteps, wall, scenarioStarted, finished)));
        acc = new SummaryAccumulator(parseMonth(reference.start), months);
        agentSteps = 0;
        scenarioStarted = finished;
        scenarioT0 = performance.now();
      },
      { signal, onProgress: (done) => progress.update(done) },
    );
    } finally {
      await evaluator.close();
    }

    const comparison = compareOutcomes(scenarios.map((s, i) => ({ name: s.name, outcomes: outcomes[i]! })));
    const info: CompareInfo = {
      reference: reference.name,
      scenarios: scenarios.map((s, i) => ({ name: s.name, file: args.scenarios[i]!, dir: s.name })),
      reps,
      seed,
      rep_seeds: seeds,
    };
    await writeFileAtomic(dir.file('compare.csv'), compareCsv(comparison));
    await writeFileAtomic(dir.file('compare.json'), JSON.stringify(info, null, 2) + '\n');
    // Charts are drawn inside the temporary directory, so the comparison appears complete or not at all.
    if (args.plot !== false) {
      life.drawing();
      await plotOutput(dir.temp, signal);
    }
    await life.commit(() => dir.commit());
    progress.stop();
    print(compareTable(comparison) + '\n' + dir.path + '\n');
    if (show) process.stderr.write(`${scenarios.length} scenarios × ${reps} reps × ${months} months, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    return { path: dir.path, info };
  });
}

/** run.json of one scenario of a comparison (the same fields as `homeward run` writes). */
function runInfo(scenario: Scenario, seeds: number[], threads: number, agentSteps: number, wall: number, started: Date, finished: Date): RunInfo {
  const { agents, emigrants } = scenario.population;
  return {
    homeward: packageVersion(),
    node: process.version,
    scenario: scenario.name,
    seed: scenario.seed,
    reps: scenario.reps,
    rep_seeds: seeds,
    agents,
    persons_per_agent: emigrants / agents,
    start: scenario.start,
    end: scenario.end,
    months: scenarioMonths(scenario),
    threads,
    agent_steps: agentSteps,
    wall_seconds: Math.round(wall * 1000) / 1000,
    agent_steps_per_second: Math.round(agentSteps / wall),
    started: started.toISOString(),
    finished: finished.toISOString(),
  };
}
