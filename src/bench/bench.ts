// `npm run bench`: speed and memory of the model on the Qingyang scenario at full scale.
//   node dist/bench/bench.js [--agents N] [--reps R] [--threads T] [--months M] [--scenario FILE] [--sweep P] [--split T] [--pass P] [--json] [--progress]
// One rep on one thread runs `simulate` in this thread, with the person pass in WebAssembly and then in JavaScript
// (--pass both, the default: each in a child process of its own, so each has its own peak memory; --pass wasm or js
// runs one here), and reports the CPU time of each step of the month. With more reps or threads it runs the same reps with
// 1 worker thread and with T, to show the scaling. --sweep P runs `homeward sweep` itself (outputs written to a
// temporary directory, then removed): a Latin hypercube of P points over training seats and platform popularity,
// R reps each, on 1 thread and on T. --json prints the figures as JSON on stdout (the table goes to stderr);
// --progress (one rep on one thread) reports every simulated year on stderr. --split T runs one replication with its
// person pass on 1 thread, then split over T threads (kernel/pass-threads.ts), each in a child process of its own (a
// process's later replications set up slower than its first, and memory the first still holds makes the second's
// new: README, Speed), compares the two runs' outputs byte for byte (the bench fails if they differ) and shows each
// step's wall time in both.
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenario/load.js';
import { ScenarioError } from '../scenario/errors.js';
import { formatMonth, parseMonth } from '../scenario/month.js';
import type { Scenario } from '../scenario/schema.js';
import { threadCount, threadsWithin, type Evaluator } from '../engine/evaluator.js';
import { simulate } from '../engine/simulate.js';
import { repSeeds } from '../engine/seeds.js';
import { definition, type CreatorSnapshot } from '../model/definition.js';
import { personBytes, personCount, replicationBytes } from '../model/memory.js';
import { StepTimes } from './step-times.js';
import { fileURLToPath } from 'node:url';
import { usePassThreads, type PassPath } from '../model/kernel/load.js';
import type { ModelState } from '../model/state.js';
// Node's modules that only some modes use (the split's hash, the two paths' child processes, the sweep's temporary
// directory) are taken where used (process.getBuiltinModule): loaded at the start, each would add 1-3 MiB to the
// memory a replication is measured with.

interface Row {
  threads: number;
  reps: number;
  wall: number;
  /** CPU seconds of the process (all its threads): on a shared machine, steadier than the wall time. */
  cpu: number;
  agentSteps: number;
  /** Peak resident memory of the process so far (workers included), MiB. */
  rssMiB: number;
  /** Where the person pass ran (the first replication's, in this thread). */
  path?: PassPath;
  /** Where the memory goes, MiB (in this thread only): see MemoryParts. */
  parts?: MemoryParts;
}

/**
 * Where a replication's memory goes, MiB: the process before it (Node, the modules, the scenario), the persons'
 * columns and acquaintance ties, the WebAssembly memory of the person pass (which holds the columns it reads, so
 * those are counted once, in the columns), the process after setup, and the channels at the end.
 */
interface MemoryParts {
  processBefore: number;
  columns: number;
  ties: number;
  wasmMemory: number;
  afterSetup: number;
  channels: number;
}

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number >= 1, got ${text}`);
  return n;
}

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024; // maxRSS is in KiB
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

function inProcess(scenario: Scenario, progress: boolean, steps: StepTimes): Row {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  // For long runs: a line a simulated year (months done, wall and CPU seconds, peak RSS), to stderr.
  const onMonth = progress
    ? (done: number) => {
        if (done % 12 === 0) console.error(`month ${done}: ${((performance.now() - t0) / 1000).toFixed(1)} s wall, ${cpuSeconds(c0).toFixed(1)} s CPU, peak RSS ${peakRssMiB().toFixed(0)} MiB`);
      }
    : undefined;
  const timed = steps.timed(definition);
  let path: PassPath | undefined;
  let state: ModelState | undefined;
  const processBefore = process.memoryUsage().rss;
  let afterSetup = 0;
  const create = (s: Scenario, seed: number): ModelState => {
    state = timed.create(s, seed);
    path = state.personPass.path;
    afterSetup = process.memoryUsage().rss;
    return state;
  };
  const result = simulate({ ...timed, create }, scenario, { rep: 0, seed: repSeeds(scenario.seed, 1)[0]!, onMonth });
  const wall = (performance.now() - t0) / 1000;
  const mib = (bytes: number) => bytes / 2 ** 20;
  const p = state!.persons as unknown as Record<string, ArrayBufferView | number>;
  const columns = Object.values(p).reduce<number>((sum, c) => sum + (typeof c === 'number' ? 0 : c.byteLength), 0);
  const ch = state!.channels as unknown as Record<string, unknown>;
  const channels = Object.values(ch).reduce<number>((sum, c) => sum + (ArrayBuffer.isView(c) ? c.byteLength : 0), 0);
  const parts: MemoryParts = {
    processBefore: mib(processBefore),
    columns: mib(columns),
    ties: mib(state!.ties.start.byteLength + state!.ties.bytes.byteLength),
    wasmMemory: mib(state!.personPass.bytes),
    afterSetup: mib(afterSetup),
    channels: mib(channels),
  };
  return { threads: 1, reps: 1, wall, cpu: cpuSeconds(c0), agentSteps: result.agentSteps, rssMiB: peakRssMiB(), parts, ...(path ? { path } : {}) };
}

/** One replication in this thread, its person pass on `threads` threads: its row, a hash of its outputs, its steps' wall times. */
function splitRun(scenario: Scenario, threads: number): { row: Row; hash: string; steps: StepTimes } {
  usePassThreads(threads);
  const steps = new StepTimes('wall');
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let path: PassPath | undefined;
  const timed = steps.timed(definition);
  const create = (s: Scenario, seed: number): ModelState => {
    const state = timed.create(s, seed);
    path = state.personPass.path;
    return state;
  };
  const result = simulate({ ...timed, create }, scenario, { rep: 0, seed: repSeeds(scenario.seed, 1)[0]! });
  const wall = (performance.now() - t0) / 1000;
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256');
  for (const c of result.columns) hash.update(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
  hash.update(JSON.stringify(result.snapshots));
  hash.update(String(result.agentSteps));
  const row: Row = { threads, reps: 1, wall, cpu: cpuSeconds(c0), agentSteps: result.agentSteps, rssMiB: peakRssMiB(), ...(path ? { path } : {}) };
  return { row, hash: hash.digest('hex'), steps };
}

/** The scenario's reps on worker threads, timed. */
async function onWorkers(scenario: Scenario, threads: number): Promise<Row> {
  const { ThreadEvaluator } = await import('../engine/thread-evaluator.js');
  const { ExperimentGrid } = await import('../engine/experiment.js');
  const evaluator: Evaluator<CreatorSnapshot> = new ThreadEvaluator(definition, threadCount(scenario.reps, threads), undefined, threadsWithin(scenario.reps, threads));
  let agentSteps = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await evaluator.run(new ExperimentGrid([scenario], repSeeds(scenario.seed, scenario.reps)), (r) => {
      agentSteps += r.agentSteps;
    });
  } finally {
    await evaluator.close();
  }
  const wall = (performance.now() - t0) / 1000;
  return { threads: evaluator.threads, reps: scenario.reps, wall, cpu: cpuSeconds(c0), agentSteps, rssMiB: peakRssMiB() };
}

function table(rows: readonly Row[]): string {
  const head = ['threads', 'reps', 'wall s', 'CPU s', 'M agent-steps/s', 'per CPU s', 'speedup', 'peak RSS MiB'];
  const base = rows[0]!.wall;
  const body = rows.map((r) => [
    String(r.threads),
    String(r.reps),
    r.wall.toFixed(2),
    r.cpu.toFixed(2),
    (r.agentSteps / r.wall / 1e6).toFixed(2),
    (r.agentSteps / r.cpu / 1e6).toFixed(2),
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
  const { sweepCommand } = await import('../cli/sweep.js');
  const { mkdtemp, rm } = process.getBuiltinModule('node:fs/promises');
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
      json: { type: 'boolean', default: false },
      progress: { type: 'boolean', default: false },
      pass: { type: 'string', default: 'both' },
      split: { type: 'string' },
      // A child of --split: one replication on this many threads, reported as JSON on stdout.
      'split-side': { type: 'string' },
    },
    strict: true,
  });
  const agents = wholeNumber('agents', values.agents, 1_000_000);
  const reps = wholeNumber('reps', values.reps, 1);
  const threads = wholeNumber('threads', values.threads, 1);
  const months = wholeNumber('months', values.months, 192);
  const file = values.scenario ?? 'scenarios/qingyang.yaml';
  const json = values.json === true;
  const pass = values.pass ?? 'both';
  if (pass !== 'both' && pass !== 'wasm' && pass !== 'js') throw new Error(`--pass must be wasm, js or both, got ${pass}`);
  // The engine reads the person pass's path from the environment when it creates a replication (workers inherit it).
  if (pass !== 'both') process.env.HOMEWARD_PERSON_PASS = pass;
  // With --json, stdout carries only the JSON; the human-readable lines go to stderr.
  const say = json ? (text: string) => console.error(text) : (text: string) => console.log(text);

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
    say(`homeward bench --sweep: ${file}, ${points} points × ${reps} reps, ${agents} agents, ${months} months; node ${process.version}, ${availableParallelism()} cores`);
    const sweeps = [await sweepOnce(file, overrides, points, reps, 1)];
    if (threads > 1) sweeps.push(await sweepOnce(file, overrides, points, reps, threads));
    say(sweepTable(sweeps));
    if (json) {
      const base = sweeps[0]!.wall;
      const out = sweeps.map((r) => ({ ...r, secondsPerRun: r.wall / (r.points * r.reps), speedup: base / r.wall }));
      console.log(JSON.stringify({ bench: 'sweep', scenario: file, agents, months, node: process.version, cores: availableParallelism(), rows: out }, null, 2));
    }
    return;
  }

  // Node's options (package.json's bench script sets V8's heap and thread pool): peak memory depends on them.
  say(`homeward bench: ${file}, ${agents} agents, ${months} months (${scenario.start}..${scenario.end}), ${reps} rep(s); node ${process.version} ${process.execArgv.join(' ')}, ${availableParallelism()} cores`);
  if (values['split-side'] !== undefined) {
    const run = splitRun(scenario, wholeNumber('split-side', values['split-side'], 1));
    console.log(JSON.stringify({ row: run.row, hash: run.hash, steps: run.steps.shares() }));
    return;
  }
  if (values.split !== undefined) {
    const split = wholeNumber('split', values.split, 2);
    const runs = [1, split].map((threads) => splitSide(process.argv.slice(2), threads));
    say(`one replication, its person pass on 1 thread and on ${split} (path: ${runs[1]!.row.path ?? '?'}):`);
    say(table(runs.map((r) => r.row)));
    const same = runs[0]!.hash === runs[1]!.hash;
    say(`outputs (metric columns, snapshots, agent-steps): ${same ? 'byte-identical' : 'DIFFERENT'} (sha256 ${runs[0]!.hash.slice(0, 16)}, ${runs[1]!.hash.slice(0, 16)})`);
    const [a, b] = runs.map((r) => r.steps);
    const lines = Object.keys(a!).map((name) => [name, a![name]!.seconds.toFixed(2), `${(100 * a![name]!.share).toFixed(1)}%`, b![name]!.seconds.toFixed(2), `${(100 * b![name]!.share).toFixed(1)}%`]);
    const head = ['step', 'wall s, 1 thread', 'share', `wall s, ${split} threads`, 'share'];
    const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    say([head, ...lines].map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n'));
    if (json) console.log(JSON.stringify({ bench: 'split', scenario: file, agents, months, node: process.version, cores: availableParallelism(), identical: same, speedup: runs[0]!.row.wall / runs[1]!.row.wall, rows: runs.map((r) => ({ ...r.row, steps: r.steps })) }, null, 2));
    if (!same) process.exitCode = 1;
    return;
  }
  const rows: Row[] = [];
  const steps = new StepTimes();
  const inThread = reps === 1 && threads === 1;
  if (inThread && pass === 'both' && values.sweep === undefined) {
    bothPaths(process.argv.slice(2), say, json);
    return;
  }
  if (inThread) {
    rows.push(inProcess(scenario, values.progress === true, steps));
  } else {
    rows.push(await onWorkers(scenario, 1));
    if (threads > 1) rows.push(await onWorkers(scenario, threads));
  }
  say(table(rows));
  const parts = rows[0]!.parts;
  if (parts) say(memoryLine(parts, rows[0]!.rssMiB));
  // Each step's share of the run (one rep in this thread only: workers are not timed step by step).
  if (inThread) say(`CPU time by step (the month's steps in order; setup builds the population and ties, metrics records the month):\n${steps.table()}`);
  // Memory: the model's bytes per person (columns and ties, src/model/memory.ts) and the peak resident memory
  // over the persons of one replication (everything: Node, channels, metric columns, and every thread's reps).
  const persons = personCount(scenario);
  const memory = { persons, bytesPerPerson: personBytes(scenario), estimateMiB: replicationBytes(scenario) / 2 ** 20 };
  say(`memory: ${persons} persons; ${memory.bytesPerPerson} bytes a person (columns and ties, also while the ties are built); peak RSS ${((rows[0]!.rssMiB * 2 ** 20) / persons).toFixed(0)} bytes a person`);
  if (json) {
    const base = rows[0]!.wall;
    const out = rows.map((r) => ({
      ...r,
      mAgentStepsPerSecond: r.agentSteps / r.wall / 1e6,
      mAgentStepsPerCpuSecond: r.agentSteps / r.cpu / 1e6,
      speedup: base / r.wall,
      peakRssBytesPerPerson: (r.rssMiB * 2 ** 20) / persons,
    }));
    console.log(JSON.stringify({ bench: 'run', scenario: file, agents, months, start: scenario.start, end: scenario.end, reps, node: process.version, cores: availableParallelism(), memory, rows: out, ...(inThread ? { steps: steps.shares() } : {}) }, null, 2));
  }
}

/** Where the memory went, as a line. */
function memoryLine(m: MemoryParts, peak: number): string {
  return `memory, MiB: process before the replication ${m.processBefore.toFixed(0)}; person columns ${m.columns.toFixed(0)}, ties ${m.ties.toFixed(0)} (WebAssembly memory ${m.wasmMemory.toFixed(0)}, holding the columns the pass reads); after setup ${m.afterSetup.toFixed(0)}; channels' room at the end ${m.channels.toFixed(0)} (address space: only rows written take memory); peak RSS ${peak.toFixed(0)}`;
}

/** What a child run (--pass wasm or js, --json) reports. */
interface PathReport {
  rows: (Row & { mAgentStepsPerCpuSecond: number; mAgentStepsPerSecond: number })[];
  steps: Record<string, { seconds: number; share: number }>;
  memory: { persons: number; bytesPerPerson: number };
}

/** What a --split child reports: its row, the hash of its outputs, its steps' wall seconds and shares. */
interface SplitSide {
  row: Row;
  hash: string;
  steps: ReturnType<StepTimes['shares']>;
}

/**
 * This script run in a child process (the same Node flags) with `args` and --json: what it prints on stdout (its own
 * table goes to its stderr, left out). `what` names the run in the error if it fails.
 */
function childReport<T>(args: string[], what: string): T {
  const script = fileURLToPath(import.meta.url);
  const child = process.getBuiltinModule('node:child_process').spawnSync(process.execPath, [...process.execArgv, script, ...args, '--json'], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 2 ** 26 });
  if (child.status !== 0) throw new Error(`${what} failed (exit ${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout) as T;
}

/** One side of --split in a child process of its own (this script with the same options and --split-side). */
function splitSide(args: string[], threads: number): SplitSide {
  // Without --json and --split (and its value, when given apart: `--split 2`).
  const rest = args.filter((a, k) => a !== '--json' && !a.startsWith('--split') && args[k - 1] !== '--split');
  return childReport<SplitSide>([...rest, `--split-side=${threads}`], `the --split run on ${threads} thread(s)`);
}

/**
 * The run on one thread with the person pass in WebAssembly, then in JavaScript, each in a child process (the same
 * Node flags), side by side: throughput, peak RSS, and each step's CPU seconds and share of the run.
 */
function bothPaths(args: string[], say: (text: string) => void, json: boolean): void {
  const rest = args.filter((a) => a !== '--json' && !a.startsWith('--pass'));
  const reports = new Map<PassPath, PathReport>();
  // The children's own tables are left out: the two are shown side by side below.
  for (const path of ['wasm', 'js'] as const) reports.set(path, childReport<PathReport>([...rest, `--pass=${path}`], `the --pass ${path} run`));
  const w = reports.get('wasm')!;
  const j = reports.get('js')!;
  const rw = w.rows[0]!;
  const rj = j.rows[0]!;
  const lines: string[][] = [
    ['person pass', `WebAssembly (ran: ${rw.path ?? '?'})`, `JavaScript (ran: ${rj.path ?? '?'})`, 'ratio'],
    ['CPU s', rw.cpu.toFixed(2), rj.cpu.toFixed(2), (rj.cpu / rw.cpu).toFixed(2)],
    ['M agent-steps per CPU s', rw.mAgentStepsPerCpuSecond.toFixed(2), rj.mAgentStepsPerCpuSecond.toFixed(2), (rw.mAgentStepsPerCpuSecond / rj.mAgentStepsPerCpuSecond).toFixed(2)],
    ['M agent-steps per wall s', rw.mAgentStepsPerSecond.toFixed(2), rj.mAgentStepsPerSecond.toFixed(2), (rw.mAgentStepsPerSecond / rj.mAgentStepsPerSecond).toFixed(2)],
    ['peak RSS MiB', rw.rssMiB.toFixed(0), rj.rssMiB.toFixed(0), ''],
    ...Object.keys(w.steps).map((name) => {
      const a = w.steps[name]!;
      const b = j.steps[name]!;
      return [`  ${name}: CPU s (share)`, `${a.seconds.toFixed(2)} (${(100 * a.share).toFixed(1)}%)`, `${b.seconds.toFixed(2)} (${(100 * b.share).toFixed(1)}%)`, a.seconds > 0 ? (b.seconds / a.seconds).toFixed(2) : ''];
    }),
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  say(lines.map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')).join('\n'));
  say(`memory: ${w.memory.persons} persons; ${w.memory.bytesPerPerson} bytes a person (columns and ties); peak RSS ${((rw.rssMiB * 2 ** 20) / w.memory.persons).toFixed(0)} bytes a person (WebAssembly), ${((rj.rssMiB * 2 ** 20) / j.memory.persons).toFixed(0)} (JavaScript)`);
  for (const [path, r] of [['WebAssembly', rw], ['JavaScript', rj]] as const) if (r.parts) say(`${path}: ${memoryLine(r.parts, r.rssMiB)}`);
  if (json) console.log(JSON.stringify({ bench: 'run-paths', node: process.version, cores: availableParallelism(), wasm: w, js: j }, null, 2));
}

try {
  await main();
} catch (err) {
  const message = err instanceof ScenarioError ? err.format() : err instanceof Error ? err.message : String(err);
  console.error(`error: ${message}`);
  process.exitCode = 1;
}
