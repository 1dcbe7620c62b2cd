import type { EvaluateOptions, Evaluator } from '../engine/evaluator.js';
import { ExperimentGrid, scenarioMonths } from '../engine/experiment.js';
import type { Scenario } from '../scenario/schema.js';
import { nsga2, type GenerationRecord, type Member, type Nsga2Result, type RankedMember, type Variable } from './nsga2.js';
import { fitnessOf, worldBests, type CandidateRuns } from './objectives.js';
import { candidateScenario, type SearchPlan } from './plan.js';

/**
 * Running a search: NSGA-II (nsga2.ts) proposes candidates, each is run in every world with every replication seed
 * of the plan on the evaluator (threads or SLURM, the path of every batch command: an ExperimentGrid of scenarios ×
 * seeds, results in order), its outcomes are kept, and its fitness is the objectives and constraints of the plan.
 * When the search is done, the final front (and the base package) are run again on fresh seeds.
 *
 * A journal (the store of the command) keeps each candidate's outcomes as it finishes. The search is a deterministic
 * function of the plan and the outcomes, so started again it replays: candidates found in the journal are not run
 * again, and the search takes the same course to the same result.
 */

export type { CandidateRuns };

/** What a search keeps of its candidates as they finish: `search` for those of the search, `rerun` for the fresh seeds. */
export interface SearchJournal {
  /** Outcomes kept by an earlier start, by phase and candidate id (-1: the base package). */
  find(phase: 'search' | 'rerun', id: number, genes: readonly number[] | undefined): CandidateRuns | undefined;
  record(phase: 'search' | 'rerun', id: number, genes: readonly number[] | undefined, runs: CandidateRuns): Promise<void>;
}

/** A journal that keeps nothing (a search that is not resumed). */
export const NO_JOURNAL: SearchJournal = { find: () => undefined, record: async () => undefined };

export interface SearchRunOptions extends EvaluateOptions {
  readonly journal?: SearchJournal;
  readonly onGeneration?: (record: GenerationRecord, population: readonly RankedMember[]) => void | Promise<void>;
  /** Called when a candidate's runs are in (from the evaluator or the journal). */
  readonly onCandidate?: () => void | Promise<void>;
}

export interface SearchOutcome {
  readonly result: Nsga2Result;
  /** Every candidate's outcomes in the search, by id. */
  readonly runs: ReadonlyMap<number, CandidateRuns>;
  /** The final front: the feasible members of the first front (the first front if none is feasible), by id. */
  readonly front: readonly RankedMember[];
  /** Outcomes of the front members on the fresh seeds, by id. */
  readonly rerun: ReadonlyMap<number, CandidateRuns>;
  /** The base package's outcomes, in the search's seeds and on the fresh ones. */
  readonly base: { readonly search: CandidateRuns; readonly rerun: CandidateRuns };
}

/** The variables NSGA-II searches, one per lever. */
export function variablesOf(plan: SearchPlan<unknown>): Variable[] {
  return plan.levers.map((l) => l.variable);
}

export async function runSearch<Snapshot>(plan: SearchPlan<Snapshot>, evaluator: Evaluator<Snapshot>, options: SearchRunOptions = {}): Promise<SearchOutcome> {
  const journal = options.journal ?? NO_JOURNAL;
  const runs = new Map<number, CandidateRuns>();
  const regret = plan.robust.kind === 'regret';
  // The evaluator counts each batch's months from 0; the progress of the search counts them over all its batches.
  const tally = { months: 0 };
  const report = options.onProgress;
  options = { ...options, onProgress: (done, total) => report?.(tally.months + done, total) };
  const result = await nsga2(
    variablesOf(plan),
    async (candidates) => {
      const first = runs.size;
      const batch = candidates.map((genes, k) => ({ id: first + k, genes }));
      for (const [id, r] of await runCandidates(plan, evaluator, 'search', batch, plan.seeds, journal, options, tally)) runs.set(id, r);
      const bests = regret ? worldBests([...runs.values()], plan.objectives) : undefined;
      return batch.map(({ id }) => fitnessOf(runs.get(id)!, plan.objectives, plan.constraints, plan.robust, bests));
    },
    {
      // Regret is measured against the best candidate so far in each world: every candidate is scored again before
      // each selection, as better ones are found.
      ...(regret
        ? {
            rescore: (members: readonly Member[]) => {
              const bests = worldBests([...runs.values()], plan.objectives);
              return members.map((m) => fitnessOf(runs.get(m.id)!, plan.objectives, plan.constraints, plan.robust, bests));
            },
          }
        : {}),
      population: plan.population,
      generations: plan.generations,
      seed: plan.base.seed,
      ...(plan.baseGenes ? { initial: [plan.baseGenes] } : {}),
      ...(options.onGeneration ? { onGeneration: options.onGeneration } : {}),
    },
  );
  const front = finalFront(result.population);
  const again = [{ id: -1, genes: undefined }, ...front.map((m) => ({ id: m.id, genes: m.genes }))];
  const rerun = await runCandidates(plan, evaluator, 'rerun', again, plan.freshSeeds, journal, options, tally);
  const baseSearch = plan.baseGenes ? runs.get(0) : (await runCandidates(plan, evaluator, 'search', [{ id: -1, genes: undefined }], plan.seeds, journal, options, tally)).get(-1);
  return { result, runs, front, rerun: new Map([...rerun].filter(([id]) => id >= 0)), base: { search: baseSearch!, rerun: rerun.get(-1)! } };
}

/** The members of the first front that keep every constraint; the whole first front if none does. */
export function finalFront(population: readonly RankedMember[]): RankedMember[] {
  const first = population.filter((m) => m.rank === 0);
  const feasible = first.filter((m) => m.violation === 0);
  return [...(feasible.length > 0 ? feasible : first)].sort((a, b) => a.id - b.id);
}

/**
 * Runs candidates (undefined genes: the base package) in every world with `seeds`, those not in the journal, in one
 * batch on the evaluator, and records each in the journal as its last run comes in; `tally` counts the months run.
 * Returns the outcomes by id.
 */
async function runCandidates<Snapshot>(
  plan: SearchPlan<Snapshot>,
  evaluator: Evaluator<Snapshot>,
  phase: 'search' | 'rerun',
  candidates: readonly { readonly id: number; readonly genes: readonly number[] | undefined }[],
  seeds: readonly number[],
  journal: SearchJournal,
  options: SearchRunOptions,
  tally: { months: number },
): Promise<Map<number, CandidateRuns>> {
  const out = new Map<number, CandidateRuns>();
  const todo: { id: number; genes: readonly number[] | undefined }[] = [];
  for (const c of candidates) {
    const kept = journal.find(phase, c.id, c.genes);
    if (kept) {
      out.set(c.id, kept);
      await options.onCandidate?.();
    } else todo.push(c);
  }
  if (todo.length === 0) return out;
  const worlds = plan.worlds.length;
  const scenarios: Scenario[] = [];
  for (const c of todo) for (const world of plan.worlds) scenarios.push(candidateScenario(plan, c.genes, world));
  const grid = new ExperimentGrid(scenarios, seeds);
  let current: number[][][] = [];
  await evaluator.run(
    grid,
    async (result, i) => {
      const s = grid.scenarioOf(i);
      if (s % worlds === 0 && result.rep === 0) current = [];
      if (result.rep === 0) current.push([]);
      current[current.length - 1]!.push(plan.outcomes.map((o) => o.value(result)));
      if (result.rep < seeds.length - 1 || s % worlds !== worlds - 1) return;
      const c = todo[Math.floor(s / worlds)]!;
      out.set(c.id, current);
      await journal.record(phase, c.id, c.genes, current);
      await options.onCandidate?.();
    },
    options,
  );
  tally.months += grid.length * scenarioMonths(plan.base);
  return out;
}

