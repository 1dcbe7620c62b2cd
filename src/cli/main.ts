#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ScenarioError, UsageError } from '../scenario/errors.js';
// Each command's module (and through it vega, resvg, DuckDB) is imported in its handler, when that command runs:
// `--help`, `validate` and a usage error load only what they need.
import { HISTORY_MATCH_DEFAULTS } from '../calibrate/history-match.js';
import { METHODS, SENSITIVITY_DEFAULTS } from '../sensitivity/plan.js';
import { DEFAULT_BUDGET } from '../calibrate/plan.js';
import { InputError } from '../output/errors.js';
import { OutputError } from '../output/errors.js';
import { packageVersion } from '../output/provenance.js';
import { Submitted } from '../executor/slurm-evaluator.js';
import { EXECUTOR_OPTIONS, executorArgs } from './executor.js';

const EXIT_ERROR = 1;
/** The largest --budget of calibrate: its design and trace are kept in memory, and each evaluation is a whole run. */
const MAX_BUDGET = 10_000;
const EXIT_USAGE = 2;

/** `--set` may be given many times; yargs hands back a string or a list. */
function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function wholeAtLeastOne(name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
    throw new UsageError(`--${name} must be a whole number >= 1, got ${value}`);
  }
}

const SET = {
  type: 'string',
  requiresArg: true,
  describe: 'Override a scenario key (repeatable), e.g. --set population.agents=20000',
} as const;

/**
 * The options every simulating command (run, compare, sweep, check, calibrate) shares; a command spreads them and
 * overrides a description where its meaning differs.
 */
const SIMULATION_OPTIONS = {
  seed: { type: 'string', requiresArg: true, describe: 'Scenario seed (rep seeds derive from it)' },
  reps: { type: 'string', requiresArg: true, describe: 'Replications' },
  agents: { type: 'string', requiresArg: true, describe: 'Simulated persons (= --set population.agents=N)' },
  months: { type: 'number', requiresArg: true, describe: 'Run only the first M months (sets end)' },
  scale: {
    choices: ['agents', 'county'] as const,
    describe: 'Counts and money in the outputs for the simulated agents, or for the whole county (times emigrants / agents) (= --set scale=...) [default: the scenario\'s scale, else agents]',
  },
  set: SET,
  out: { type: 'string', requiresArg: true, default: 'outputs', describe: 'Output directory' },
  threads: { type: 'number', requiresArg: true, describe: 'Threads [default: available cores]: one replication a thread, and those beyond the replications in flight split each replication\'s person pass (same bytes on any number)' },
  quiet: { type: 'boolean', default: false, describe: 'No progress on stderr (a bar on a terminal, else a line every 10% or every minute)' },
  format: { choices: ['csv', 'parquet'] as const, default: 'csv' as const, describe: 'Tables as CSV, or as typed Parquet files (README, "Output formats")' },
} as const;

const PLOT = { type: 'boolean', default: true, describe: 'Write charts/ and report.html into the output directory (--no-plot to skip)' } as const;

/** Parsed values of SIMULATION_OPTIONS. */
interface SimulationArgv {
  readonly set?: string | string[];
  readonly seed?: string;
  readonly reps?: string;
  readonly agents?: string;
  readonly months?: number;
  readonly scale?: 'agents' | 'county';
  readonly out: string;
  readonly threads?: number;
  readonly quiet: boolean;
  readonly format: 'csv' | 'parquet';
}

/** SIMULATION_OPTIONS as a command takes them. */
function simulationArgs(a: SimulationArgv) {
  return { set: list(a.set), seed: a.seed, reps: a.reps, agents: a.agents, months: a.months, scale: a.scale, out: a.out, threads: a.threads, quiet: a.quiet, format: a.format };
}

function checkSimulationArgs(a: Pick<SimulationArgv, 'threads' | 'months'>): void {
  wholeAtLeastOne('threads', a.threads);
  wholeAtLeastOne('months', a.months);
}

/** What `plot` and `report` chart: the metrics over time and the month of the income distribution. */
const CHART_CHOICES = {
  metric: { type: 'string', requiresArg: true, describe: 'A metric to chart over time (repeatable) [default: the headline metrics]' },
  month: { type: 'string', requiresArg: true, describe: 'Snapshot month (YYYY-MM) of the income distribution [default: the last in creators.csv]' },
} as const;

/** The yargs program; `status.code` is the exit code of a command that ends normally but not in success (check). */
function cli(argv: string[], status: { code: number }) {
  return yargs(argv)
    .scriptName('homeward')
    .usage('$0 <command> [options]\n\nAgent-based simulation of return migration and the rural short-video creator economy.')
    .command(
      'run <scenario>',
      'Run a scenario: replications on worker threads (or SLURM job arrays), outputs in <out>/<name>/',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file (YAML, or a scenario.json of an earlier run)' })
          .options({ ...SIMULATION_OPTIONS, plot: PLOT, ...EXECUTOR_OPTIONS })
          .check((a) => {
            checkSimulationArgs(a);
            return true;
          })
          .example('$0 run scenarios/qingyang.yaml', 'Run the base scenario')
          .example('$0 run scenarios/qingyang.yaml --agents 20000 --months 24 --reps 3', 'A quick, small run')
          .example('$0 run scenarios/qingyang.yaml --set platform.popularity=1.5 --seed 7 --out results', 'A variant with another seed')
          .example('$0 run outputs/qingyang/scenario.json --out rerun', 'Reproduce an earlier run byte for byte')
          .example('$0 run scenarios/qingyang.yaml --executor slurm --partition short --time 1:00:00', 'The replications as SLURM job arrays'),
      async (a) => {
        const { runCommand } = await import('./run.js');
        await runCommand({
          scenario: a.scenario,
          ...simulationArgs(a),
          plot: a.plot,
          ...executorArgs(a),
        });
      },
    )
    .command(
      'validate <scenario>',
      'Check a scenario file (and overrides) without running it',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file' })
          .options({ set: SET })
          .example('$0 validate scenarios/qingyang.yaml', 'Check a scenario')
          .example('$0 validate scenarios/qingyang.yaml --set policies.loans.amount=80000', 'Check it with an override'),
      async (a) => {
        const { validateCommand } = await import('./validate.js');
        await validateCommand(a.scenario, list(a.set), (line) => process.stdout.write(line + '\n'));
      },
    )
    .command(
      'compare <scenarios..>',
      'Run scenarios with common random numbers and compare their headline outcomes to the first (paired differences)',
      (y) =>
        y
          .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'Scenario files; the first is the reference' })
          .options({
            ...SIMULATION_OPTIONS,
            seed: { type: 'string', requiresArg: true, describe: "Seed of every scenario [default: the first scenario's]" },
            reps: { type: 'string', requiresArg: true, describe: "Replications of every scenario [default: the first scenario's]" },
            set: { ...SET, describe: 'Override a key of every scenario (repeatable)' },
            sort: { type: 'string', requiresArg: true, describe: 'A headline outcome (e.g. cumulative_returns): list the scenarios in the printed table by its mean, highest first' },
            name: { type: 'string', requiresArg: true, describe: 'Name of the comparison directory [default: compare-<first scenario name>, with --ensemble compare-<first scenario name>-ensemble]' },
            ensemble: { type: 'string', requiresArg: true, describe: 'An ensemble file (ensemble.yaml of calibrate --method history-matching): run every scenario at each of its parameter sets and report each difference across them; at the agents, months, reps and seed it was matched at unless given' },
            plot: PLOT,
            ...EXECUTOR_OPTIONS,
          })
          .check((a) => {
            if (a.scenarios.length < 2) throw new UsageError('compare needs at least two scenario files (the first is the reference)');
            checkSimulationArgs(a);
            return true;
          })
          .example('$0 compare scenarios/qingyang.yaml scenarios/no-training.yaml scenarios/no-loans.yaml', 'Two policy variants against the baseline')
          .example('$0 compare scenarios/qingyang.yaml scenarios/no-training.yaml --agents 20000 --reps 6', 'A quick comparison')
          .example('$0 compare scenarios/qingyang.yaml scenarios/no-training.yaml scenarios/no-loans.yaml --sort cumulative_returns', 'The scenarios by their returns, most first')
          .example('$0 compare scenarios/qingyang.yaml scenarios/no-training.yaml --ensemble outputs/qingyang-history-match/ensemble.yaml --agents 50000 --reps 4', 'The difference across the parameter sets consistent with the facts'),
      async (a) => {
        if (a.ensemble !== undefined) {
          const { ensembleCompareCommand } = await import('./compare-ensemble.js');
          await ensembleCompareCommand({ scenarios: a.scenarios.map(String), ...simulationArgs(a), name: a.name, sort: a.sort, plot: a.plot, ensemble: a.ensemble, ...executorArgs(a) });
          return;
        }
        const { compareCommand } = await import('./compare.js');
        await compareCommand({
          scenarios: a.scenarios.map(String),
          ...simulationArgs(a),
          name: a.name,
          sort: a.sort,
          plot: a.plot,
          ...executorArgs(a),
        });
      },
    )
    .command(
      'sweep <scenario>',
      "Run a scenario over a grid or Latin hypercube of parameter values (resumable); outputs in <out>/<name>-sweep/",
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Base scenario file (its sweep: block gives the default design)' })
          .options({
            param: { type: 'string', requiresArg: true, describe: 'A parameter and its values (repeatable): path=a,b,c or path=lo:hi:n' },
            design: { choices: ['grid', 'lhs'] as const, requiresArg: true, describe: 'grid: every combination; lhs: Latin hypercube of --samples points [default: the sweep block, else grid]' },
            samples: { type: 'number', requiresArg: true, describe: 'Points of a Latin hypercube [default: the sweep block, else 10]' },
            ...SIMULATION_OPTIONS,
            seed: { type: 'string', requiresArg: true, describe: 'Scenario seed (rep seeds and the Latin hypercube derive from it)' },
            reps: { type: 'string', requiresArg: true, describe: 'Replications per point' },
            set: { ...SET, describe: 'Override a key of the base scenario (repeatable)' },
            sort: { type: 'string', requiresArg: true, describe: 'A headline outcome (e.g. cumulative_returns): list the points in the printed table by its mean, highest first' },
            name: { type: 'string', requiresArg: true, describe: 'Name of the sweep directory [default: <scenario name>-sweep]' },
            fresh: { type: 'boolean', default: false, describe: 'Discard an interrupted sweep of the same name instead of resuming it' },
            ensemble: { type: 'string', requiresArg: true, describe: 'An ensemble file (ensemble.yaml of calibrate --method history-matching): run every point at each of its parameter sets; at the agents, months, reps and seed it was matched at unless given' },
            plot: PLOT,
            ...EXECUTOR_OPTIONS,
          })
          .check((a) => {
            checkSimulationArgs(a);
            wholeAtLeastOne('samples', a.samples);
            return true;
          })
          .example('$0 sweep scenarios/qingyang.yaml --param policies.training.seats=0:6000:4 --reps 10', 'Four training capacities, 10 reps each')
          .example('$0 sweep scenarios/qingyang.yaml --param policies.training.seats=0:6000:4 --sort person_years_home', 'The same, the points by person-years at home, most first')
          .example('$0 sweep scenarios/qingyang.yaml --param policies.loans.amount=0:100000 --param platform.popularity=0.5:2 --design lhs --samples 50', 'A Latin hypercube over two ranges'),
      async (a) => {
        const { sweepCommand } = await import('./sweep.js');
        await sweepCommand({
          scenario: a.scenario,
          params: list(a.param),
          design: a.design,
          samples: a.samples,
          ...simulationArgs(a),
          name: a.name,
          sort: a.sort,
          fresh: a.fresh,
          plot: a.plot,
          ensemble: a.ensemble,
          ...executorArgs(a),
        });
      },
    )
    .command(
      'search <scenario>',
      'Search the levers for the best policy packages (NSGA-II, resumable): a Pareto front re-run on fresh seeds; outputs in <out>/<name>-search/',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Base scenario file: its levers\' values are the base package; its search: block gives the default levers, objectives and constraints' })
          .options({
            lever: { type: 'string', requiresArg: true, describe: 'A lever to search (repeatable): path (its default range), path=lo:hi, path=YYYY-MM:YYYY-MM or path=a,b,c' },
            maximise: { type: 'string', requiresArg: true, describe: 'An outcome to maximise (repeatable), e.g. person_years_home' },
            minimise: { type: 'string', requiresArg: true, describe: 'An outcome to minimise (repeatable), e.g. gov_spending_total' },
            max: { type: 'string', requiresArg: true, describe: 'A constraint (repeatable): outcome=bound, the outcome at most bound' },
            min: { type: 'string', requiresArg: true, describe: 'A constraint (repeatable): outcome=bound, the outcome at least bound' },
            population: { type: 'number', requiresArg: true, describe: 'Candidates per generation [default: the search block, else 24]' },
            generations: { type: 'number', requiresArg: true, describe: 'Generations after the first [default: the search block, else 12]' },
            ...SIMULATION_OPTIONS,
            reps: { type: 'string', requiresArg: true, describe: 'Replications per candidate (the same seeds for every candidate)' },
            set: { ...SET, describe: 'Override a key of the base scenario (repeatable)' },
            ensemble: { type: 'string', requiresArg: true, describe: 'An ensemble file: every candidate runs in each of its worlds; at the agents, months, reps and seed it was matched at unless given' },
            robust: { type: 'string', requiresArg: true, describe: 'With --ensemble, the statistic across worlds: mean, pNN (the NN% worst world) or regret (the largest shortfall from the best candidate of a world) [default: mean]' },
            name: { type: 'string', requiresArg: true, describe: 'Name of the search directory [default: <scenario name>-search]' },
            fresh: { type: 'boolean', default: false, describe: 'Discard an interrupted search of the same name instead of resuming it' },
            plot: PLOT,
            ...EXECUTOR_OPTIONS,
          })
          .check((a) => {
            checkSimulationArgs(a);
            return true;
          })
          .example('$0 search scenarios/qingyang.yaml --lever policies.training.seats --lever policies.loans.per_month=0:800 --maximise person_years_home --minimise gov_spending_total --reps 5', 'Two levers, two objectives'),
      async (a) => {
        const { searchCommand } = await import('./search.js');
        await searchCommand({
          scenario: a.scenario,
          levers: list(a.lever),
          maximise: list(a.maximise),
          minimise: list(a.minimise),
          max: list(a.max),
          min: list(a.min),
          population: a.population,
          generations: a.generations,
          robust: a.robust,
          ...simulationArgs(a),
          name: a.name,
          fresh: a.fresh,
          plot: a.plot,
          ensemble: a.ensemble,
          ...executorArgs(a),
        });
      },
    )
    .command(
      'check <scenario>',
      'Run a scenario and check it against a targets file: one row per target, PASS or FAIL; exit 1 unless all pass',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file' })
          .options({
            targets: { type: 'string', requiresArg: true, demandOption: true, describe: 'Targets file (YAML; see README, "Targets files")' },
            ...SIMULATION_OPTIONS,
            name: { type: 'string', requiresArg: true, describe: 'Name of the check directory [default: <scenario name>-check]' },
            plot: { type: 'boolean', default: true, describe: 'Write charts/check.* and report.html into the output directory (--no-plot to skip)' },
            ...EXECUTOR_OPTIONS,
          })
          .check((a) => {
            checkSimulationArgs(a);
            return true;
          })
          .example('$0 check scenarios/qingyang.yaml --targets scenarios/targets/qingyang.yaml', 'Check the baseline against facts F1-F12')
          .example('$0 check scenarios/qingyang.yaml --targets scenarios/targets/qingyang.yaml --agents 50000 --reps 4', 'A quicker, smaller check'),
      async (a) => {
        const { checkCommand } = await import('./check.js');
        const checked = await checkCommand({
          scenario: a.scenario,
          targets: a.targets,
          ...simulationArgs(a),
          name: a.name,
          plot: a.plot,
          ...executorArgs(a),
        });
        if (!checked.passed) status.code = EXIT_ERROR; // a failed target is a result, not an error: no message
      },
    )
    .command(
      'calibrate <scenario>',
      'Search free parameters within bounds for the best fit to a targets file (common random numbers); outputs in <out>/<name>-calibrate/',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file; its own values of the free parameters join the search' })
          .options({
            targets: { type: 'string', requiresArg: true, describe: 'Targets file (YAML; see README, "Targets files") (required)' },
            method: { choices: ['search', 'history-matching'] as const, requiresArg: true, default: 'search' as const, describe: 'search: the best fit (Latin hypercube, then Nelder-Mead); history-matching: every parameter set consistent with the targets, in waves (an ensemble)' },
            free: { type: 'string', requiresArg: true, describe: 'A parameter to fit and its bounds (repeatable): path=lo:hi [search: at least one; history-matching: default every calibrated parameter with a plausible range]' },
            budget: { type: 'number', requiresArg: true, describe: `search: evaluations, each --reps replications [default: ${DEFAULT_BUDGET}]` },
            waves: { type: 'number', requiresArg: true, describe: `history-matching: waves at most [default: ${HISTORY_MATCH_DEFAULTS.waves}]` },
            'runs-per-wave': { type: 'number', requiresArg: true, describe: 'history-matching: points run per wave, each --reps replications [default: 10 per free parameter]' },
            'final-runs': { type: 'number', requiresArg: true, describe: 'history-matching: points of the space left run for real at the end, from which the ensemble is formed [default: --runs-per-wave]' },
            cutoff: { type: 'number', requiresArg: true, describe: `history-matching: implausibility above which a point is ruled out [default: ${HISTORY_MATCH_DEFAULTS.cutoff}]` },
            order: { type: 'number', requiresArg: true, describe: `history-matching: 1, the largest implausibility over the targets decides; 2 or 3, the second or third largest [default: ${HISTORY_MATCH_DEFAULTS.order}]` },
            plot: { type: 'boolean', default: true, describe: 'Write charts/ and report.html into the output directory (--no-plot to skip)' },
            ...SIMULATION_OPTIONS,
            seed: { type: 'string', requiresArg: true, describe: 'Scenario seed (rep seeds and the search derive from it)' },
            reps: { type: 'string', requiresArg: true, describe: 'Replications per evaluation, the same seeds at every evaluation' },
            name: { type: 'string', requiresArg: true, describe: 'Name of the calibration directory [default: <scenario name>-calibrate, or <scenario name>-history-match]' },
            ...EXECUTOR_OPTIONS,
          })
          .check((a) => {
            checkSimulationArgs(a);
            wholeAtLeastOne('budget', a.budget);
            if (a.budget !== undefined && a.budget > MAX_BUDGET) throw new UsageError(`--budget must be at most ${MAX_BUDGET.toLocaleString('en-US')} evaluations, got ${a.budget}`);
            const other = a.method === 'search' ? (['waves', 'runs-per-wave', 'final-runs', 'cutoff', 'order'] as const).find((k) => a[k] !== undefined) : a.budget !== undefined ? 'budget' : undefined;
            if (other) throw new UsageError(`--${other} applies to --method ${a.method === 'search' ? 'history-matching' : 'search'}`);
            return true;
          })
          .example('$0 calibrate scenarios/qingyang.yaml --targets scenarios/targets/qingyang.yaml --free decision.intercept=-9:-6 --free platform.popularity=0.5:2', 'Fit two parameters to facts F1-F12')
          .example('$0 calibrate scenarios/test-small.yaml --targets t.yaml --free decision.intercept=-9:-6 --budget 25 --agents 5000 --reps 2', 'A quick, small search')
          .example('$0 calibrate scenarios/qingyang.yaml --targets scenarios/targets/qingyang.yaml --method history-matching --agents 50000 --reps 4', 'The ensemble of calibrated parameter sets consistent with the facts'),
      async (a) => {
        if (a.method === 'history-matching') {
          const { historyMatchCommand } = await import('./history-match.js');
          await historyMatchCommand({
            scenario: a.scenario,
            targets: a.targets,
            free: list(a.free),
            waves: a.waves,
            runsPerWave: a['runs-per-wave'],
            finalRuns: a['final-runs'],
            cutoff: a.cutoff,
            order: a.order,
            ...simulationArgs(a),
            name: a.name,
            plot: a.plot,
            ...executorArgs(a),
          });
          return;
        }
        const { calibrateCommand } = await import('./calibrate.js');
        await calibrateCommand({
          scenario: a.scenario,
          targets: a.targets,
          free: list(a.free),
          budget: a.budget,
          ...simulationArgs(a),
          name: a.name,
          plot: a.plot,
          ...executorArgs(a),
        });
      },
    )
    .command(
      'sensitivity <scenario>',
      'Global sensitivity of the headline outcomes (and of targets) to uncertain parameters: Morris or Sobol (resumable); outputs in <out>/<name>-<method>/',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true, describe: 'Scenario file' })
          .options({
            method: { choices: METHODS, requiresArg: true, default: SENSITIVITY_DEFAULTS.method, describe: 'morris: elementary effects (mu*, sigma), to screen many parameters; sobol: first-order and total indices (S1, ST)' },
            param: { type: 'string', requiresArg: true, describe: 'A parameter and its range (repeatable): path=lo:hi [default: every uncertainty and calibrated parameter with a plausible range]' },
            trajectories: { type: 'number', requiresArg: true, describe: `Morris trajectories r, each k + 1 points [default: ${SENSITIVITY_DEFAULTS.trajectories}]` },
            levels: { type: 'number', requiresArg: true, describe: `Morris grid levels p, even [default: ${SENSITIVITY_DEFAULTS.levels}]` },
            samples: { type: 'number', requiresArg: true, describe: `Sobol base samples N, a power of 2, each k + 2 points [default: ${SENSITIVITY_DEFAULTS.samples}]` },
            bootstrap: { type: 'number', requiresArg: true, describe: `Bootstrap resamples of the 95% intervals [default: ${SENSITIVITY_DEFAULTS.bootstrap}]` },
            targets: { type: 'string', requiresArg: true, describe: "A targets file: each target's expression is an outcome too" },
            ...SIMULATION_OPTIONS,
            seed: { type: 'string', requiresArg: true, describe: 'Scenario seed (rep seeds and the design derive from it)' },
            reps: { type: 'string', requiresArg: true, describe: `Replications per point, the same seeds at every point [default: ${SENSITIVITY_DEFAULTS.reps}]` },
            name: { type: 'string', requiresArg: true, describe: 'Name of the output directory [default: <scenario name>-<method>]' },
            fresh: { type: 'boolean', default: false, describe: 'Discard an interrupted analysis of the same name instead of resuming it' },
            plot: PLOT,
            ...EXECUTOR_OPTIONS,
          })
          .check((a) => {
            checkSimulationArgs(a);
            return true;
          })
          .example('$0 sensitivity scenarios/qingyang.yaml --agents 50000', 'Screen every uncertainty and calibrated parameter (Morris)')
          .example('$0 sensitivity scenarios/qingyang.yaml --method sobol --param platform.popularity=0.5:1.5 --param decision.intercept=-8:-7 --agents 50000', 'Sobol indices of two parameters'),
      async (a) => {
        const { sensitivityCommand } = await import('./sensitivity.js');
        await sensitivityCommand({
          scenario: a.scenario,
          method: a.method,
          params: list(a.param),
          trajectories: a.trajectories,
          levels: a.levels,
          samples: a.samples,
          bootstrap: a.bootstrap,
          targets: a.targets,
          ...simulationArgs(a),
          name: a.name,
          fresh: a.fresh,
          plot: a.plot,
          ...executorArgs(a),
        });
      },
    )
    .command(
      'plot <dir>',
      'Charts of an output directory (run, compare, sweep, sensitivity, check or calibrate): Vega-Lite specs, SVG and PNG in <dir>/charts/',
      (y) =>
        y
          .positional('dir', { type: 'string', demandOption: true, describe: 'Output directory of run, compare, sweep, sensitivity, check or calibrate' })
          .options({ ...CHART_CHOICES, out: { type: 'string', requiresArg: true, describe: 'Directory for the charts [default: <dir>/charts]' } })
          .example('$0 plot outputs/qingyang', 'The default charts of a run')
          .example('$0 plot outputs/qingyang --metric away --metric trained --month 2025-12', 'Chosen metrics, incomes in December 2025'),
      async (a) => {
        const { plotCommand } = await import('./plot.js');
        await plotCommand({ dir: a.dir, metrics: list(a.metric), month: a.month, out: a.out });
      },
    )
    .command(
      'report <dir>',
      'One self-contained HTML page of an output directory: parameters, headline numbers, interactive charts',
      (y) =>
        y
          .positional('dir', { type: 'string', demandOption: true, describe: 'Output directory of run, compare, sweep, sensitivity, check or calibrate' })
          .options({ ...CHART_CHOICES, out: { type: 'string', requiresArg: true, describe: 'The HTML file [default: <dir>/report.html]' } })
          .example('$0 report outputs/qingyang', 'Write outputs/qingyang/report.html')
          .example('$0 report outputs/compare-qingyang --out comparison.html', 'A comparison, to a file of its own'),
      async (a) => {
        const { reportCommand } = await import('./report.js');
        await reportCommand({ dir: a.dir, metrics: list(a.metric), month: a.month, out: a.out });
      },
    )
    .command(
      'explore [scenario]',
      'One self-contained HTML page that runs the scenario in the browser: levers and uncertainties as sliders, charts against the baseline, the numbers of `run` (offline)',
      (y) =>
        y
          .positional('scenario', { type: 'string', default: 'scenarios/qingyang.yaml', describe: 'The baseline scenario file: the page starts from it, and a downloaded scenario extends it' })
          .options({
            out: { type: 'string', requiresArg: true, describe: 'The HTML file [default: outputs/<scenario name>-explore.html]' },
            serve: { type: 'boolean', default: false, describe: 'Serve the page on 127.0.0.1 instead of writing it; prints the URL, Ctrl-C stops' },
            port: { type: 'number', requiresArg: true, describe: 'With --serve, the port [default: any free port]' },
          })
          .example('$0 explore', 'Write outputs/qingyang-explore.html; open it in a browser')
          .example('$0 explore scenarios/no-training.yaml --out no-training.html', 'Explore another baseline')
          .example('$0 explore --serve --port 8080', 'Serve the page at http://127.0.0.1:8080/'),
      async (a) => {
        const { exploreCommand } = await import('./explore.js');
        await exploreCommand({ scenario: a.scenario, out: a.out, serve: a.serve, port: a.port });
      },
    )
    .command(
      'worker-task <submission> <task>',
      false, // hidden: one array task of --executor slurm, started by its batch script
      (y) =>
        y
          .positional('submission', { type: 'string', demandOption: true })
          .positional('task', { type: 'number', demandOption: true }),
      async (a) => {
        const { workerTaskCommand } = await import('./worker-task.js');
        await workerTaskCommand(a.submission, a.task);
      },
    )
    .demandCommand(1, 'Name a command: run, validate, compare, sweep, search, sensitivity, check, calibrate, plot, report or explore.')
    .example('$0 run scenarios/qingyang.yaml --reps 20 --threads 4', 'Run 20 replications on 4 threads')
    .example('$0 validate scenarios/qingyang.yaml', 'Check a scenario file')
    .strict()
    .version(packageVersion())
    .help()
    .alias('h', 'help')
    .wrap(null)
    .fail((msg: string | null, err: Error | undefined) => {
      // yargs reports its own usage errors (msg, or a YError) and errors thrown by handlers and checks (err).
      if (err && !(err instanceof UsageError) && err.name !== 'YError') throw err;
      throw new UsageError(err?.message ?? msg ?? 'invalid command line');
    });
}

/**
 * Runs homeward with `argv` (the arguments after the program's name) and returns its exit code; it never exits the
 * process itself (but for a signal, src/cli/interrupt.ts). The process's entry below calls it, and so do tests that run
 * commands in-process.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const status = { code: 0 };
  try {
    await cli([...argv], status).exitProcess(false).parseAsync();
    return status.code;
  } catch (err) {
    if (err instanceof Submitted) {
      process.stdout.write(err.message + '\n'); // --submit-only: submitted is what was asked
      return 0;
    } else if (err instanceof ScenarioError) {
      process.stderr.write(`error: ${err.format()}\n`);
      return EXIT_USAGE;
    } else if (err instanceof InputError || err instanceof OutputError) {
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT_USAGE;
    } else if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\nRun 'homeward --help' for usage.\n`);
      return EXIT_USAGE;
    } else {
      const e = err instanceof Error ? err : new Error(String(err));
      process.stderr.write(`error: ${process.env.HOMEWARD_DEBUG === '1' ? (e.stack ?? e.message) : e.message}\n`);
      return EXIT_ERROR;
    }
  }
}

/** Whether Node.js started this file (through the `homeward` link or not), rather than a test importing it. */
function started(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (started()) process.exitCode = await main(hideBin(process.argv));
