import { scenarioMonths } from '../engine/experiment.js';
import type { Evaluator } from '../engine/evaluator.js';
import type { CreatorSnapshot } from '../model/definition.js';
import type { OutputFormat } from '../output/parquet.js';
import { settingsSummary, settingsWarning, ensembleSettings } from '../scenario/ensemble-settings.js';
import { frontTable, writeSearchOutputs, type FrontRow } from '../search/output.js';
import { planSearch, type SearchSpec } from '../search/plan.js';
import { runSearch, type SearchOutcome } from '../search/run.js';
import { SearchStore } from '../search/store.js';
import { runResumable, type ResumableArgs } from './resumable.js';

export interface SearchArgs extends SearchSpec, ResumableArgs {
  /** Tables as CSV (default) or Parquet (--format). */
  readonly format?: OutputFormat;
}

export interface SearchResult {
  /** The output directory `<out>/<name>`. */
  readonly path: string;
  readonly front: readonly FrontRow[];
}

/** An evaluator for a search replayed wholly from its journal: asked to run anything, the journal was incomplete. */
const REPLAY_ONLY: Evaluator<CreatorSnapshot> = {
  threads: 1,
  run: () => Promise.reject(new Error('the search journal is incomplete; add --fresh to start over')),
  close: () => Promise.resolve(),
};

/**
 * `homeward search`: NSGA-II over the levers (src/search/), each candidate's replications run on the evaluator of
 * --executor, kept as they finish in `<out>/.<name>.partial/` so that the same command resumes an interrupted search;
 * then the front is re-run on fresh seeds and front.csv, history.csv, candidates.csv, search.json, scenario.json,
 * scenarios/ and (unless --no-plot) charts/ and report.html are written to `<out>/<name>/`. Prints the front (the base package first) and the output directory.
 */
export async function searchCommand(args: SearchArgs, print?: (text: string) => void): Promise<SearchResult> {
  const plan = await planSearch<CreatorSnapshot>(args);
  const settings = plan.ensemble ? ensembleSettings(plan.ensemble, args, plan.base) : undefined;
  const warning = plan.ensemble && settings ? settingsWarning(plan.ensemble.file, settings) : undefined;
  if (warning) process.stderr.write(warning + '\n');
  const store = new SearchStore(args.out, plan.name);
  // At most: every generation's candidates, the front (at most a population) and the base package on fresh seeds, and
  // the base package in the search's seeds when it is not a candidate.
  const points = plan.population * (plan.generations + 2) + 2;
  let outcome: SearchOutcome | undefined;
  const { result } = await runResumable(args, {
    what: 'search',
    store,
    name: plan.name,
    executor: plan.executor,
    points,
    reps: plan.seeds.length * plan.worlds.length,
    months: scenarioMonths(plan.base),
    open: () => store.openFor(plan, args.fresh),
    run: async (evaluator, options) => {
      outcome = await runSearch(plan, evaluator, { ...options, journal: store, onCandidate: options.onPoint });
    },
    assemble: async () => {
      outcome ??= await runSearch(plan, REPLAY_ONLY, { journal: store });
      const front = await writeSearchOutputs(store.temp, plan, outcome, args.format ?? 'csv', store.path);
      return front;
    },
    print: (front) => (plan.ensemble && settings ? settingsSummary(plan.ensemble.file, settings) + '\n' : '') + frontTable(plan, front) + store.path + '\n',
  }, print);
  return { path: store.path, front: result };
}
