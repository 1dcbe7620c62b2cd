import { repSeed } from '../engine/seeds.js';
import { loadEnsemble, type Ensemble, type EnsembleMember } from '../scenario/ensemble.js';
import { withMatchedSettings } from '../scenario/ensemble-settings.js';
import { ScenarioError, UsageError } from '../scenario/errors.js';
import { checkOutputName, loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import { valueAt } from '../scenario/overrides.js';
import type { ExecutorSettings, Scenario } from '../scenario/schema.js';
import { valuesText, withValues } from '../scenario/values.js';
import { headlineOutcomes, type Measures, type RunOutcome } from '../sensitivity/outcomes.js';
import { definition } from '../model/definition.js';
import { parseLevers, type Lever } from './levers.js';
import type { ScenarioProblem } from '../scenario/errors.js';
import { parseBounds, parseConstraints, parseObjectives, parseRobust, type Constraint, type Objective, type Robust } from './objectives.js';

/** What a search is asked to do. */
export interface SearchSpec extends ScenarioOptions {
  readonly scenario: string;
  /** `--lever path` (its default range) or `path=range`, in order. */
  readonly levers: readonly string[];
  readonly maximise: readonly string[];
  readonly minimise: readonly string[];
  /** `--max outcome=bound` (at most), `--min outcome=bound` (at least). */
  readonly max: readonly string[];
  readonly min: readonly string[];
  readonly population?: number;
  readonly generations?: number;
  /** The statistic across the worlds of an ensemble: `mean` (default) or `pNN`. */
  readonly robust?: string;
  /** An ensemble file: every candidate runs in each of its worlds. */
  readonly ensemble?: string;
  /** Output directory name (default `<scenario name>-search`). */
  readonly name?: string;
}

/** Everything a search runs, checked before the first replication. */
export interface SearchPlan<Snapshot> {
  readonly file: string;
  /** The scenario's `executor` block (where its SLURM settings come from). */
  readonly executor: ExecutorSettings;
  /** The overrides the options made of the file (--set, --seed, --reps, --agents, --months...), for the members' files. */
  readonly overrides: readonly string[];
  readonly name: string;
  /** The resolved base scenario: its own values of the levers are the base package. */
  readonly base: Scenario;
  readonly levers: readonly Lever[];
  readonly outcomes: readonly RunOutcome<Snapshot>[];
  readonly objectives: readonly Objective[];
  readonly constraints: readonly Constraint[];
  readonly robust: Robust;
  readonly ensemble?: Ensemble;
  /** The worlds every candidate runs in: the ensemble's members, or the base scenario alone (undefined). */
  readonly worlds: readonly (EnsembleMember | undefined)[];
  readonly population: number;
  readonly generations: number;
  /** Replication seeds of every candidate (common random numbers). */
  readonly seeds: readonly number[];
  /** Seeds of the re-run of the final front: as many, none of them used in the search. */
  readonly freshSeeds: readonly number[];
  /** The base package as genes, when each of its values lies in its lever's range (it is then in the first generation). */
  readonly baseGenes?: readonly number[];
}

function whole(value: number | undefined, fallback: number, flag: string, least: number): number {
  const x = value ?? fallback;
  if (!Number.isInteger(x) || x < least) throw new UsageError(`${flag} must be a whole number of at least ${least}, got ${x}`);
  return x;
}

/**
 * Resolves a search: the base scenario with the options, the levers and their ranges, the objectives and constraints
 * among the outcomes measured (`measures`: the headline outcomes by default), the worlds, and the seeds. Every
 * problem is a ScenarioError or UsageError before anything runs.
 */
export async function planSearch<Snapshot>(spec: SearchSpec, measures: Measures<Snapshot> = { outcomes: headlineOutcomes<Snapshot>() }): Promise<SearchPlan<Snapshot>> {
  checkOutputName(spec.name);
  const ensemble = spec.ensemble === undefined ? undefined : await loadEnsemble(spec.ensemble);
  const options = ensemble ? withMatchedSettings(spec, ensemble) : spec;
  const loaded = await loadWithOptions(spec.scenario, options);
  measures.check?.(loaded.scenario);
  const base = measures.prepare ? measures.prepare(loaded.scenario) : loaded.scenario;
  definition.checkFits(base, spec.scenario);

  // Flags replace the scenario's search block, each kind of them (levers, objectives, constraints) on its own.
  const block = base.search;
  const file = spec.scenario;
  const inBlock = (keys: readonly string[]) => ({ ...loaded.locate(['search', ...keys]), path: ['search', ...keys].join('.') });
  const leverFlags = spec.levers.length > 0;
  const leverTexts = leverFlags ? spec.levers : Object.entries(block.levers).map(([path, range]) => (range === null || range === '' ? path : `${path}=${range}`));
  if (leverTexts.length === 0) throw new UsageError(`nothing to search: give the levers with --lever path (its default range) or --lever path=lo:hi, or a search: levers: block in ${file}`);
  const parsed = parseLevers(leverTexts, base, leverFlags ? (text) => ({ file: `--lever ${text}`, path: '' }) : (_, path) => inBlock(['levers', path]));
  if (!isLevers(parsed)) throw new ScenarioError(parsed);
  const levers = parsed;
  const both = ensemble?.paths.filter((path) => levers.some((l) => l.path === path)) ?? [];
  if (both.length > 0) throw new UsageError(`${spec.ensemble}: the ensemble sets ${both.join(', ')}, which the search varies; search other levers, or use another ensemble`);

  const names = measures.outcomes.map((o) => o.name);
  const objectiveFlags = spec.maximise.length + spec.minimise.length > 0;
  const objectives = objectiveFlags
    ? parseObjectives(spec.maximise, spec.minimise, names)
    : parseObjectives(block.maximise, block.minimise, names, (key, name) => inBlock([key, String((key === 'maximise' ? block.maximise : block.minimise).indexOf(name))]));
  const constraintFlags = spec.max.length + spec.min.length > 0;
  const constraints = constraintFlags
    ? parseConstraints(parseBounds(spec.max, '--max'), parseBounds(spec.min, '--min'), names)
    : parseConstraints(block.max, block.min, names, (key, name) => inBlock([key, name]));
  const robust = parseRobust(spec.robust ?? 'mean');
  if (spec.robust !== undefined && !ensemble) throw new UsageError('--robust is the statistic across the worlds of an --ensemble; give one, or leave --robust out');

  const reps = base.reps;
  const seeds = Array.from({ length: reps }, (_, r) => repSeed(base.seed, r));
  // Replications reps..2·reps-1 of the same seed: as independent of the search's as any two replications are.
  const freshSeeds = Array.from({ length: reps }, (_, r) => repSeed(base.seed, reps + r));
  const baseGenes = levers.map((l) => l.gene(valueAt(base, l.path)));
  const plan: SearchPlan<Snapshot> = {
    file: spec.scenario,
    executor: loaded.executor,
    overrides: loaded.overrides,
    name: spec.name ?? `${base.name}-search`,
    base,
    levers,
    outcomes: measures.outcomes,
    objectives,
    constraints,
    robust,
    ...(ensemble ? { ensemble } : {}),
    worlds: ensemble ? ensemble.members : [undefined],
    population: whole(spec.population, block.population, '--population', 4),
    generations: whole(spec.generations, block.generations, '--generations', 0),
    seeds,
    freshSeeds,
    ...(baseGenes.every((g) => g !== undefined) ? { baseGenes: baseGenes as number[] } : {}),
  };
  // Every world must take the base package: a bad world is found now, not after hours of search.
  for (const world of plan.worlds) candidateScenario(plan, undefined, world);
  return plan;
}

/** The lever values of a candidate, by path. */
export function leverValues(plan: SearchPlan<unknown>, genes: readonly number[]): Map<string, number | string> {
  return new Map(plan.levers.map((l, i) => [l.path, l.value(genes[i]!)]));
}

/** The scenario of a candidate (undefined: the base package) in a world: the base with the world's and the levers' values. */
export function candidateScenario(plan: SearchPlan<unknown>, genes: readonly number[] | undefined, world: EnsembleMember | undefined): Scenario {
  const values = genes === undefined ? new Map<string, unknown>() : leverValues(plan, genes);
  const where = `search candidate (${genes === undefined ? 'the base package' : valuesText(values)})${world ? ` in world ${world.member} of ${plan.ensemble!.file}` : ''}`;
  return withValues(plan.base, world ? new Map<string, unknown>([...world.values, ...values]) : values, where);
}

function isLevers(parsed: Lever[] | ScenarioProblem[]): parsed is Lever[] {
  return parsed.every((p) => 'variable' in p);
}
