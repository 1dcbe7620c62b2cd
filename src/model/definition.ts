import { allocateColumns, type FileColumnSpec } from '../core/columns.js';
import type { Metric, ModelDefinition, RunResult, SnapshotOf, Step } from '../core/definition.js';
import { last, lastYearMean, metricOutcome, personYears, total, type Reduction } from '../core/outcomes.js';
import type { Channels } from './channels.js';
import { usePassModule, usePassThreads } from './kernel/load.js';
import { checkFits, replicationBytes } from './memory.js';
import { METRICS } from './metrics.js';
import { ModelState } from './state.js';
import { stepCreators } from './step-creators.js';
import { stepGovernment, stepOutreach } from './step-government.js';
import { closeMonth, updateSignals } from './step-information.js';
import { applyMoves } from './step-occupation.js';
import { stepPersons } from './step-persons.js';
import { stepWorld } from './step-world.js';

/**
 * homeward's model as the engine runs it, and the public face of src/model to the layers above the engine: outputs,
 * analyses, charts, reports and calibration import this module and no other file of src/model, and this module
 * re-exports nothing (tests/architecture.test.ts holds both). What they need of the model is the definition (its
 * metrics, outcomes and snapshot columns) and the names and types derived from it below.
 */

/**
 * The month of the return-migration model, step by step, in the order run (docs/ODD.md section 3 lists the same
 * steps, and a test holds it to this list). MODEL.md's steps 2-4 and the decision to leave again are fused into
 * one pass over all persons (`persons`); ODD section 3 says why.
 */
export const SCHEDULE: readonly Step<ModelState>[] = [
  { name: 'world', odd: '7.1', doc: 'timelines move: budget year, ageing, village connections, festival held or not, loan capacity', run: stepWorld },
  { name: 'signals', odd: '7.3', doc: "information: last month's creator economy and programmes become this month's signals and decision terms", run: updateSignals },
  { name: 'outreach', odd: '7.4', doc: 'officials call educated emigrants away', run: stepOutreach },
  { name: 'persons', odd: '7.5, 7.6', doc: 'one pass over all persons: city labour and the return decision away, the decision to leave again at home; moves queued', run: stepPersons },
  { name: 'moves', odd: '7.7, 7.8', doc: 'moves applied (leavers, then returners), occupation at home, creator starts with grants and loans', run: applyMoves },
  { name: 'creators', odd: '7.9', doc: 'creator economy: stayer entries, attention and followers, income, exits', run: stepCreators },
  { name: 'government', odd: '7.10', doc: 'loan repayments and defaults, training seats filled', run: stepGovernment },
  { name: 'close', odd: '7.3', doc: 'month closed: programme reach and approval rates kept for next month', run: closeMonth },
];

/** A column of the creator snapshot, with where its value comes from in the channel table. */
interface CreatorColumn extends FileColumnSpec {
  readonly of: (ch: Channels, c: number) => number;
}

/**
 * The creator snapshot, declared once: every creator active at the end of a snapshot month (scenario `snapshots`),
 * one entry each. creators.csv (and .parquet) has these columns after rep and month, in this order; its writer, its
 * reader and the creator fields of targets files follow from this list.
 */
const CREATOR_COLUMNS = {
  channel: { type: Int32Array, name: 'channel', values: 'integer', doc: "The creator's channel (an id within the replication).", of: (_, c) => c },
  returnee: { type: Uint8Array, name: 'returnee', values: 'boolean', doc: '1 when the creator is a returnee (an agent), 0 for a stay-at-home resident.', of: (ch, c) => (ch.owner[c]! >= 0 ? 1 : 0) },
  nostalgic: { type: Uint8Array, name: 'nostalgic', values: 'boolean', doc: '1 for nostalgic/heritage content, 0 for entertainment.', of: (ch, c) => ch.nostalgic[c]! },
  knowledge: { type: Float32Array, name: 'knowledge', values: 'double', doc: 'Local knowledge, 0..1.', of: (ch, c) => ch.knowledge[c]! },
  followers: { type: Float64Array, name: 'followers', values: 'double', doc: 'Followers.', of: (ch, c) => ch.followers[c]! },
  income: { type: Float64Array, name: 'income', values: 'double', doc: 'Income of the month after platform fees, RMB.', of: (ch, c) => ch.income[c]! },
  householdShare: {
    type: Float32Array,
    name: 'household_share',
    values: 'double',
    doc: "Share of the creator's income in the household's income (NaN for stay-at-home creators).",
    of: (ch, c) => ch.householdShare[c]!,
  },
} as const satisfies Readonly<Record<string, CreatorColumn>>;

/** Every creator active at the end of a snapshot month: `month` (a month index, see scenario/month.ts) and the columns. */
export type CreatorSnapshot = SnapshotOf<typeof CREATOR_COLUMNS>;

const CREATOR_KEYS = Object.keys(CREATOR_COLUMNS) as (keyof typeof CREATOR_COLUMNS)[];

/** The creators active at the end of the month, with this month's income. */
function snapshotCreators(ch: Channels, month: number): CreatorSnapshot {
  const n = ch.activeCount;
  const columns = allocateColumns(CREATOR_COLUMNS, n);
  for (const key of CREATOR_KEYS) {
    const { of } = CREATOR_COLUMNS[key];
    const column = columns[key];
    for (let j = 0; j < n; j++) column[j] = of(ch, ch.active[j]!);
  }
  return { month, ...columns };
}

/** The names of the model's metrics: the columns of timeseries.csv after rep and month. */
export type MetricName = (typeof METRICS)[number]['name'];
/** A metric's description, without its computation (what outputs and charts need). */
export type MetricDef = Pick<Metric<ModelState>, 'name' | 'unit' | 'doc' | 'scaled'>;
export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);
/** Each metric's column in a replication's result (RepResult.columns). */
export const METRIC_INDEX: Readonly<Record<MetricName, number>> = Object.fromEntries(METRICS.map((m, i) => [m.name, i])) as Record<MetricName, number>;

const outcome = (name: string, unit: string, doc: string, reduce: Reduction, metric: MetricName) => metricOutcome(METRICS, { name, unit, doc }, reduce, metric);

/** The headline outcomes of a replication, each a sum, an end value or a mean over the last year of a metric. */
const OUTCOMES = [
  outcome('cumulative_returns', 'persons', 'Returns over the whole run.', total, 'returns'),
  outcome(
    'returned_stock_end',
    'persons',
    'Returnees at home in the last month: every emigrant starts away, so each came back during the run; counted once however often they returned.',
    last,
    'returned_stock',
  ),
  outcome(
    'person_years_home',
    'person-years',
    'Time returnees spent at home over the run: returned_stock summed over the months, divided by 12 (18 months at home count 1.5, in one stay or two).',
    personYears,
    'returned_stock',
  ),
  outcome('creators_end', 'creators', 'Active creators in the last month.', last, 'creators'),
  outcome('creator_income_cumulative', 'RMB', 'Creator income over the whole run.', total, 'creator_income_total'),
  outcome('creator_income_mean_last_year', 'RMB/month', 'Mean income per creator over the last 12 months.', lastYearMean, 'creator_income_mean'),
  outcome(
    'creator_income_median_last_year',
    'RMB/month',
    "The typical creator's income: the median across active creators each month, averaged over the last 12 months (a few large channels move the mean, not this).",
    lastYearMean,
    'creator_income_median',
  ),
  outcome('cumulative_remigrations', 'persons', 'Returned persons who left home again, over the whole run.', total, 'remigrations'),
  outcome('gov_spending_total', 'RMB', 'Government spending over the whole run, loan principal counted when paid out.', total, 'gov_spending'),
  outcome(
    'gov_spending_net_total',
    'RMB',
    'Government spending over the whole run less the loan instalments repaid in it; principal still owed at the end counts as spent.',
    total,
    'gov_spending_net',
  ),
];

/** homeward's model, as the engine runs it (`satisfies`, so its metrics and snapshot columns keep their literal types). */
export const definition = {
  module: import.meta.url,
  create: (scenario, seed) => new ModelState(scenario, seed),
  threadsWithin: usePassThreads,
  dispose: (m) => m.personPass.close(),
  schedule: SCHEDULE,
  metrics: METRICS,
  outcomes: OUTCOMES,
  activeAgents: (m) => m.month.activePersons,
  metricScale: (m) => m.metricScale,
  snapshot: (m, month) => snapshotCreators(m.channels, month),
  snapshotColumns: CREATOR_COLUMNS,
  checkFits,
  replicationBytes,
  compiled: { file: 'model/kernel/person-pass.wasm', use: usePassModule },
} satisfies ModelDefinition<ModelState, CreatorSnapshot>;

/** What one replication of homeward produces (see core/definition.ts). */
export type RepResult = RunResult<CreatorSnapshot>;
