import type { CreatorSnapshot } from '../model/definition.js';
// `npm run bench`: speed and memory of the model on the Qingyang scenario at full scale.
//   node dist/bench/bench.js [--agents N] [--reps R] [--threads T] [--months M] [--scenario FILE] [--sweep P]
// One rep on one thread runs `simulate` in this thread. With more reps or threads it runs the same reps with
// 1 worker thread and with T, to show the scaling. --sweep P runs `homeward sweep` itself (outputs written to a
// temporary directory, then removed): a Latin hypercube of P points over training seats and platform popularity,
// R reps each, on 1 thread and on T.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenario/load.js';
import { ScenarioError } from '../scenario/errors.js';
import { formatMonth, parseMonth } from '../scenario/month.js';
import type { Scenario } from '../scenario/schema.js';
import { threadCount, type Evaluator } from '../engine/evaluator.js';
import { ExperimentGrid } from '../engine/experiment.js';
import { InProcessEvaluator } from '../engine/in-process-evaluator.js';
import { repSeeds } from '../engine/seeds.js';
import { ThreadEvaluator } from '../engine/thread-evaluator.js';
import { definition } from '../model/definition.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepCommand } from '../cli/sweep.js';

interface Row {
  threads: number;
  reps: number;
  wall: number;
  agentSteps: number;
  /** Peak resident memory of the process so far (workers included), MiB. */
  rssMiB: number;
}

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number >= 1, got ${text}`);
  return n;
}

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB

/** The scenario's reps on `evaluator`, timed. */
async function timed(scenario: Scenario, evaluator: Evaluator<CreatorSnapshot>): Promise<Row> {
  let agentSteps = 0;
  const t0 = performance.now();
  try {
    await evaluator.run(new ExperimentGrid([scenario], repSeeds(scenario.seed, scenario.reps)), (r) => {
      agentSteps += r.agentSteps;
    });
  } finally {
    await evaluator.close();
  }
  const wall = (performance.now() - t0) / 1000;
  return { threads: evaluator.threads, reps: scenario.reps, wall, agentSteps, rssMiB: peakRssMiB() };
}

const inProcess = (scenario: Scenario) => timed(scenario, new InProcessEvaluator(definition));
const onWorkers = (scenario: Scenario, threads: number) => timed(scenario, new ThreadEvaluator(definition, threadCount(scenario.reps, threads)));

function table(rows: readonly Row[]): string {
  const head = ['threads', 'reps', 'wall s', 'M agent-steps/s', 'speedup', 'peak RSS MiB'];
  const base = rows[0]!.wall;
  const body = rows.map((r) => [
    String(r.threads),
    String(r.reps),
    r.wall.toFixed(2),
    (r.agentSteps / r.wall / 1e6).toFixed(2),
    (base / r.wall).toFixed(2),
    r.rssMiB.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((cells) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n');
}

interface SweepRow {
  threads: number;
  points: number;
  reps: number;
  wall: number;
  rssMiB: number;
}

/** The whole `homeward sweep` command, outputs included, into a temporary directory. */
async function sweepOnce(file: string, overrides: string[], points: number, reps: number, threads: number): Promise<SweepRow> {
  const out = await mkdtemp(join(tmpdir(), 'homeward-bench-'));
  try {
    const t0 = performance.now();
    await sweepCommand({
      scenario: file,
      params: ['policies.training.seats=0:6000', 'platform.popularity=0.5:2'],
      design: 'lhs',
      samples: points,
      set: overrides,
      reps: String(reps),
      out,
      threads,
      quiet: true,
      fresh: true,
    });
    return { threads, points, reps, wall: (performance.now() - t0) / 1000, rssMiB: peakRssMiB() };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function sweepTable(rows: readonly SweepRow[]): string {
  const head = ['threads', 'points', 'reps', 'wall s', 's per run', 'speedup', 'peak RSS MiB'];
  const base = rows[0]!.wall;
  const body = rows.map((r) => [String(r.threads), String(r.points), String(r.reps), r.wall.toFixed(1), (r.wall / (r.points * r.reps)).toFixed(3), (base / r.wall).toFixed(2), r.rssMiB.toFixed(0)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  return [head, ...body].map((cells) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string' },
      reps: { type: 'string' },
      threads: { type: 'string' },
      months: { type: 'string' },
      scenario: { type: 'string', default: 'scenarios/qingyang.yaml' },
      sweep: { type: 'string' },
    },
    strict: true,
  });
  const agents = wholeNumber('agents', values.agents, 1_000_000);
  const reps = wholeNumber('reps', values.reps, 1);
  const threads = wholeNumber('threads', values.threads, 1);
  const months = wholeNumber('months', values.months, 192);
  const file = values.scenario ?? 'scenarios/qingyang.yaml';

  // Capacities scale with agents / emigrants, and agents may not exceed emigrants: raise emigrants if needed.
  const base = (await loadScenario(file)).scenario;
  const { scenario } = await loadScenario(file, [
    `population.emigrants=${Math.max(base.population.emigrants, agents)}`,
    `population.agents=${agents}`,
    `end=${formatMonth(parseMonth(base.start) + months - 1)}`,
    `reps=${reps}`,
  ]);

  if (values.sweep !== undefined) {
    const points = wholeNumber('sweep', values.sweep, 1);
    const overrides = [`population.emigrants=${scenario.population.emigrants}`, `population.agents=${agents}`, `end=${scenario.end}`];
    console.log(`homeward bench --sweep: ${file}, ${points} points × ${reps} reps, ${agents} agents, ${months} months; node ${process.version}, ${availableParallelism()} cores`);
    const sweeps = [await sweepOnce(file, overrides, points, reps, 1)];
    if (threads > 1) sweeps.push(await sweepOnce(file, overrides, points, reps, threads));
    console.log(sweepTable(sweeps));
    return;
  }

  console.log(`homeward bench: ${file}, ${agents} agents, ${months} months (${scenario.start}..${scenario.end}), ${reps} rep(s); node ${process.version}, ${availableParallelism()} cores`);
  const rows: Row[] = [];
  if (reps === 1 && threads === 1) {
    rows.push(await inProcess(scenario));
  } else {
    rows.push(await onWorkers(scenario, 1));
    if (threads > 1) rows.push(await onWorkers(scenario, threads));
  }
  console.log(table(rows));
}

try {
  await main();
} catch (err) {
  const message = err instanceof ScenarioError ? err.format() : err instanceof Error ? err.message : String(err);
  console.error(`error: ${message}`);
  process.exitCode = 1;
}
