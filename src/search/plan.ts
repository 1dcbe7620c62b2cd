import { repSeed } from '../engine/seeds.js';
import { loadEnsemble, type Ensemble, type EnsembleMember } from '../scenario/ensemble.js';
import { withMatchedSettings } from '../scenario/ensemble-settings.js';
import { ScenarioError, UsageError } from '../scenario/errors.js';
import { checkOutputName, loadWithOptions, type ScenarioOptions } from '../scenario/options.js';
import { valueAt } from '../scenario/overrides.js';
import type { Scenario } from '../scenario/schema.js';
import { valuesText, withValues } from '../scenario/values.js';
import { headlineOutcomes, type Measures, type RunOutcome } from '../sensitivity/outcomes.js';
import { checkFits } from '../model/memory.js';
import { parseLevers, type Lever } from './levers.js';
import { parseConstraints, parseObjectives, parseRobust, type Constraint, type Objective, type Robust } from './objectives.js';

/** Defaults of `homeward search` (README, "Search"). */
export const SEARCH_DEFAULTS = {
  /** Candidates per generation; NSGA-II needs a few dozen to keep a front spread. */
  population: 24,
  /** Generations after the first: the budget is at most population × (generations + 1) candidates. */
  generations: 12,
};

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
  checkFits(base, spec.scenario);

  if (spec.levers.length === 0) throw new UsageError('nothing to search: give the levers with --lever path (its default range) or --lever path=lo:hi');
  const levers = parseLevers(spec.levers, base, (text) => ({ file: `--lever ${text}`, path: '' }));
  if (levers.length > 0 && 'message' in levers[0]!) throw new ScenarioError(levers as { file: string; path: string; message: string }[]);
  const leverList = levers as Lever[];
  const both = ensemble?.paths.filter((path) => leverList.some((l) => l.path === path)) ?? [];
  if (both.length > 0) throw new UsageError(`${spec.ensemble}: the ensemble sets ${both.join(', ')}, which the search varies; search other levers, or use another ensemble`);

  const names = measures.outcomes.map((o) => o.name);
  const objectives = parseObjectives(spec.maximise, spec.minimise, names);
  const constraints = parseConstraints(spec.max, spec.min, names);
  const robust = parseRobust(spec.robust ?? 'mean');
  if (spec.robust !== undefined && !ensemble) throw new UsageError('--robust is the statistic across the worlds of an --ensemble; give one, or leave --robust out');

  const reps = base.reps;
  const seeds = Array.from({ length: reps }, (_, r) => repSeed(base.seed, r));
  // Replications reps..2·reps-1 of the same seed: as independent of the search's as any two replications are.
  const freshSeeds = Array.from({ length: reps }, (_, r) => repSeed(base.seed, reps + r));
  const baseGenes = leverList.map((l) => l.gene(valueAt(base, l.path)));
  const plan: SearchPlan<Snapshot> = {
    file: spec.scenario,
    name: spec.name ?? `${base.name}-search`,
    base,
    levers: leverList,
    outcomes: measures.outcomes,
    objectives,
    constraints,
    robust,
    ...(ensemble ? { ensemble } : {}),
    worlds: ensemble ? ensemble.members : [undefined],
    population: whole(spec.population, SEARCH_DEFAULTS.population, '--population', 4),
    generations: whole(spec.generations, SEARCH_DEFAULTS.generations, '--generations', 0),
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
