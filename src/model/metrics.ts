import type { Metric } from '../core/definition.js';
import { counterDeclaration, INSTRUMENT_COUNTERS, INSTRUMENTS, type InstrumentCounter, type ProgrammeName } from '../scenario/instruments.js';
import { sortedGini, sortedQuantile } from '../core/distribution.js';
import { Status } from './persons.js';
import type { ModelState } from './state.js';

/**
 * The metrics a replication records each month, after the schedule: one column of timeseries.csv each, in this
 * order, each with the function that computes it from the month's state (as Mesa's model reporters). Adding a
 * metric is one entry here (and its row in docs/ODD.md, "Observation", which a test holds to this list); an instrument's
 * month counter is declared with its metric in scenario/instruments.ts, recorded at the end unless placed here with
 * `counted`.
 * `scaled` marks a count or amount of money of the whole simulated county: it grows with population.agents, and the
 * engine records it multiplied by the model's metric scale (1 in simulated agents; emigrants / agents with the scenario's
 * `scale: county`). Shares, per-person means and prices are not scaled.
 */

/** Followers from which a creator counts as established (the source paper's sampling rule, seed 000 §3.2). */
export const ESTABLISHED_FOLLOWERS = 20_000;

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);
const count = (m: ModelState, status: number) => m.statusCount[status]!;
const away = (m: ModelState) => count(m, Status.AwayEmployed) + count(m, Status.AwayUnemployed);
const home = (m: ModelState) => count(m, Status.HomeFarming) + count(m, Status.HomeLocalJob) + count(m, Status.HomeCreator);
/** Persons at home in non-farm work (local job or creator), and all persons at home, in an urban-experience class. */
const nonfarmIn = (m: ModelState, cls: number) => m.homeByExperience[Status.HomeLocalJob * 3 + cls]! + m.homeByExperience[Status.HomeCreator * 3 + cls]!;
const homeIn = (m: ModelState, cls: number) => m.homeByExperience[Status.HomeFarming * 3 + cls]! + nonfarmIn(m, cls);
/** One metric per programme: `spend_loans`, `unmet_training`...; `unmet_` only of a programme the budget rations (not the network). */
function programmeMetrics<K extends string>(kind: K, doc: string, rationedOnly: boolean, value: (m: ModelState, programme: number) => number) {
  return INSTRUMENTS.flatMap((instrument, k) =>
    rationedOnly && !instrument.rationed
      ? []
      : [{ name: `${kind}_${instrument.programme}` as `${K}_${ProgrammeName}`, unit: 'RMB/month', scaled: true, doc: `${doc} (${instrument.programme.replace('_', ' ')}).`, value: (m: ModelState) => value(m, k) }],
  );
}

/** The metric of an instrument's month counter, as its declaration gives it (scenario/instruments.ts). */
function counted<C extends InstrumentCounter>(counter: C) {
  const { metric, unit, scaled, doc } = counterDeclaration(counter);
  return { name: metric, unit, scaled, doc, value: (m: ModelState) => m.month[counter] };
}

/** The metrics in the order recorded; an instrument counter's metric placed here with `counted`. */
const PLACED = [
  { name: 'population', unit: 'persons', scaled: true, doc: 'Emigrants in the model (away or returned home), after entries and exits this month.', value: (m) => away(m) + home(m) },
  { name: 'away', unit: 'persons', scaled: true, doc: 'Persons away in the city at the end of the month.', value: away },
  { name: 'away_unemployed', unit: 'persons', scaled: true, doc: 'Persons away without a job.', value: (m) => count(m, Status.AwayUnemployed) },
  { name: 'returns', unit: 'persons', scaled: true, doc: 'Persons who returned home this month.', value: (m) => m.month.returns },
  { name: 'elite_returns', unit: 'persons', scaled: true, doc: 'Returns this month by elites.', value: (m) => m.month.eliteReturns },
  { name: 'educated_returns', unit: 'persons', scaled: true, doc: "Returns this month by persons with at least a bachelor's degree (F8: the first wave is better educated).", value: (m) => m.month.educatedReturns },
  { name: 'returned_stock', unit: 'persons', scaled: true, doc: 'Returned persons at home at the end of the month.', value: home },
  { name: 'remigrations', unit: 'persons', scaled: true, doc: 'Returned persons who left home again this month.', value: (m) => m.month.remigrations },
  { name: 'creator_remigrations', unit: 'persons', scaled: true, doc: 'Returnee creators who left home again this month (their channel closes).', value: (m) => m.month.creatorRemigrations },
  { name: 'successful_creator_remigrations', unit: 'persons', scaled: true, doc: 'Returnee creators earning at least creators.success_income who left home again this month.', value: (m) => m.month.successfulRemigrations },
  { name: 'left_model', unit: 'persons', scaled: true, doc: 'Cumulative persons who left the model (retirement age, permanent urban settlement).', value: (m) => m.left },
  { name: 'entered', unit: 'persons', scaled: true, doc: 'Cumulative new emigrants who entered the model after the start.', value: (m) => m.entered },
  { name: 'home_farming', unit: 'persons', scaled: true, doc: 'Returned persons farming.', value: (m) => count(m, Status.HomeFarming) },
  { name: 'home_local_job', unit: 'persons', scaled: true, doc: 'Returned persons in a local wage job.', value: (m) => count(m, Status.HomeLocalJob) },
  { name: 'returnee_nonfarm_share', unit: 'share', scaled: false, doc: 'Share of returned persons in non-farm work (local job or creator).', value: (m) => ratio(count(m, Status.HomeLocalJob) + count(m, Status.HomeCreator), home(m)) },
  { name: 'nonfarm_share_experienced', unit: 'share', scaled: false, doc: 'Non-farm share among returned persons with full urban experience.', value: (m) => ratio(nonfarmIn(m, 2), homeIn(m, 2)) },
  { name: 'nonfarm_share_inexperienced', unit: 'share', scaled: false, doc: 'Non-farm share among returned persons with less than a year of urban experience.', value: (m) => ratio(nonfarmIn(m, 0), homeIn(m, 0)) },
  { name: 'creators', unit: 'creators', scaled: true, doc: 'Active creators (returnees and stay-at-home residents).', value: (m) => m.channels.activeCount },
  { name: 'returnee_creators', unit: 'creators', scaled: true, doc: 'Active creators who are returnees.', value: (m) => count(m, Status.HomeCreator) },
  { name: 'successful_returnee_creators', unit: 'creators', scaled: true, doc: 'Returnee creators earning at least creators.success_income (visible role models).', value: (m) => m.successfulReturneeCreators() },
  { name: 'new_creators', unit: 'creators', scaled: true, doc: 'Creators who started this month.', value: (m) => m.month.newCreators },
  { name: 'creator_exits', unit: 'creators', scaled: true, doc: 'Creators who stopped this month.', value: (m) => m.month.creatorExits },
  { name: 'returnee_creator_share', unit: 'share', scaled: false, doc: 'Share of returnees among active creators.', value: (m) => ratio(count(m, Status.HomeCreator), m.channels.activeCount) },
  // Income and follower distributions over the creators who earned this month (step 6).
  { name: 'nostalgic_creator_share', unit: 'share', scaled: false, doc: 'Share of active creators with nostalgic/heritage content.', value: (m) => ratio(m.creatorMonth.nostalgicCount, m.creatorMonth.earners) },
  { name: 'creator_income_total', unit: 'RMB/month', scaled: true, doc: 'Income of all creators this month, after platform fees.', value: (m) => m.creatorMonth.income },
  { name: 'creator_income_mean', unit: 'RMB/month', scaled: false, doc: 'Mean income per active creator.', value: (m) => ratio(m.creatorMonth.income, m.creatorMonth.earners) },
  { name: 'creator_income_median', unit: 'RMB/month', scaled: false, doc: 'Median income of active creators.', value: (m) => sortedQuantile(m.creatorMonth.sortedIncomes(), m.creatorMonth.earners, 0.5) },
  { name: 'creator_income_p90', unit: 'RMB/month', scaled: false, doc: '90th percentile of creator income.', value: (m) => sortedQuantile(m.creatorMonth.sortedIncomes(), m.creatorMonth.earners, 0.9) },
  { name: 'creator_income_gini', unit: 'index 0..1', scaled: false, doc: 'Gini coefficient of creator income.', value: (m) => sortedGini(m.creatorMonth.sortedIncomes(), m.creatorMonth.earners) },
  { name: 'creator_income_mean_nostalgic', unit: 'RMB/month', scaled: false, doc: 'Mean income of nostalgic/heritage creators.', value: (m) => ratio(m.creatorMonth.nostalgicIncome, m.creatorMonth.nostalgicCount) },
  { name: 'creator_income_mean_entertainment', unit: 'RMB/month', scaled: false, doc: 'Mean income of entertainment creators.', value: (m) => ratio(m.creatorMonth.entertainmentIncome, m.creatorMonth.earners - m.creatorMonth.nostalgicCount) },
  { name: 'creator_income_mean_knowledgeable', unit: 'RMB/month', scaled: false, doc: 'Mean income of creators with local knowledge of at least 0.5.', value: (m) => ratio(m.creatorMonth.knowledgeableIncome, m.creatorMonth.knowledgeableCount) },
  { name: 'creator_income_mean_other', unit: 'RMB/month', scaled: false, doc: 'Mean income of creators with local knowledge below 0.5.', value: (m) => ratio(m.creatorMonth.otherIncome, m.creatorMonth.earners - m.creatorMonth.knowledgeableCount) },
  { name: 'income_ads', unit: 'RMB/month', scaled: true, doc: 'Creator income from traffic and ads.', value: (m) => m.creatorMonth.ads },
  { name: 'income_commerce', unit: 'RMB/month', scaled: true, doc: 'Creator income from live commerce of local products.', value: (m) => m.creatorMonth.commerce },
  { name: 'income_brand', unit: 'RMB/month', scaled: true, doc: 'Creator income from brand cooperation.', value: (m) => m.creatorMonth.brand },
  { name: 'creator_household_share', unit: 'share', scaled: false, doc: 'Mean share of creator income in the household income of returnee creators.', value: (m) => ratio(m.creatorMonth.householdShareSum, m.creatorMonth.householdCount) },
  {
    name: 'followers_total',
    unit: 'follows',
    scaled: true,
    doc: 'Followers of all active creators.',
    value: (m) => m.creatorMonth.followersTotal(),
  },
  { name: 'followers_max', unit: 'followers', scaled: false, doc: 'Followers of the largest creator.', value: (m) => m.creatorMonth.followersMax() },
  { name: 'established_creators', unit: 'creators', scaled: true, doc: 'Creators with at least 20,000 followers.', value: (m) => m.creatorMonth.establishedFollowers(ESTABLISHED_FOLLOWERS).length },
  {
    name: 'followers_median_established',
    unit: 'followers',
    scaled: false,
    doc: 'Median followers among established creators.',
    value: (m) => {
      const established = m.creatorMonth.establishedFollowers(ESTABLISHED_FOLLOWERS);
      return sortedQuantile(established, established.length, 0.5);
    },
  },
  { name: 'attention_capacity', unit: 'follows', scaled: true, doc: "Follows the platform audience can give the county's creators this month.", value: (m) => m.creatorMonth.capacity },
  { name: 'platform_adoption', unit: 'share', scaled: false, doc: 'Platform adoption among internet users.', value: (m, t) => m.tl.adoption[t]! },
  counted('loansIssued'),
  { name: 'loans_outstanding', unit: 'loans', scaled: true, doc: 'Loans not yet repaid or defaulted.', value: (m) => m.loanBook.length },
  counted('loanDefaults'),
  { name: 'loan_repayments', unit: 'RMB/month', scaled: true, doc: 'Loan instalments repaid to the budget this month.', value: (m) => m.budget.repaid },
  counted('loanDefaultPrincipal'),
  { name: 'loan_principal_outstanding', unit: 'RMB', scaled: true, doc: 'Loan principal still owed at the end of the month.', value: (m) => m.loanBook.principal() },
  counted('trained'),
  counted('calls'),
  counted('festivals'),
  counted('loanApplications'),
  counted('loansRefused'),
  { name: 'new_creators_short_of_savings', unit: 'creators', scaled: true, doc: 'Returnees who started a channel this month though their own savings fell short of the start cost (a grant or a loan closed the gap).', value: (m) => m.month.startsShortOfSavings },
  counted('grants'),
  counted('grantsRefused'),
  { name: 'support_seen', unit: 'share', scaled: false, doc: 'Visible policy support in the return decision (0..1): persons reached by the programmes over the last 12 months relative to decision.support_reference.', value: (m) => m.signals.support },
  { name: 'expected_creator_income', unit: 'RMB/month', scaled: false, doc: "Creator income people expect this month: the creators' recent average income blended with the prior.", value: (m) => m.signals.expectedCreatorIncome },
  { name: 'gov_spending', unit: 'RMB/month', scaled: true, doc: 'Government spending this month (loan principal, training, festivals, calls, live sales, grants, network).', value: (m) => m.budget.spent },
  {
    name: 'gov_spending_net',
    unit: 'RMB/month',
    scaled: true,
    doc: 'Government spending this month less the loan instalments repaid to the budget this month (gov_spending - loan_repayments; negative when repayments exceed spending).',
    value: (m) => m.budget.spent - m.budget.repaid,
  },
  ...programmeMetrics('spend', 'Spending of the programme this month', false, (m, k) => m.budget.spentBy[k]!),
  ...programmeMetrics('unmet', "Demand the programme could not pay this month because the year's budget was used up", true, (m, k) => m.budget.unmetBy[k]!),
  { name: 'network_coverage', unit: 'share', scaled: false, doc: 'Share of villages connected.', value: (m) => m.connectedCount / m.connected.length },
  { name: 'network_cost', unit: 'RMB/person-year', scaled: false, doc: 'Network cost per person and year.', value: (m, t) => m.tl.networkCost[t]! },
  { name: 'epidemic', unit: '0/1', scaled: false, doc: '1 while the epidemic lasts.', value: (m, t) => m.tl.epidemic[t]! },
] as const satisfies readonly Metric<ModelState>[];

/**
 * Every metric: those above, then the metrics of instrument counters not placed above, in the order of their
 * declarations (so a new instrument's counters are recorded without an entry here).
 */
export const METRICS = [
  ...PLACED,
  ...INSTRUMENT_COUNTERS.filter((c) => !PLACED.some((m) => m.name === counterDeclaration(c).metric)).map(counted),
] as const satisfies readonly Metric<ModelState>[];

