import { PROGRAMMES } from './budget.js';
import { METRIC_INDEX, type MetricName } from './metrics.js';
import { sortedGini, sortedQuantile } from './distribution.js';
import { Status } from './persons.js';
import type { CreatorMonth } from './step-creators.js';
import type { ModelState } from './state.js';

/** Followers from which a creator counts as established (the source paper's sampling rule, seed 000 §3.2). */
export const ESTABLISHED_FOLLOWERS = 20_000;

const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

/** Step 9: writes month t's metrics (METRICS order) into the columns. */
export function recordMetrics(m: ModelState, t: number, cm: CreatorMonth, columns: Float64Array[]): void {
  const put = (name: MetricName, value: number) => {
    columns[METRIC_INDEX[name]]![t] = value;
  };
  const sc = m.statusCount;
  const home = sc[Status.HomeFarming]! + sc[Status.HomeLocalJob]! + sc[Status.HomeCreator]!;
  const away = sc[Status.AwayEmployed]! + sc[Status.AwayUnemployed]!;
  const byExp = m.homeByExperience;
  const nonfarmIn = (cls: number) => byExp[Status.HomeLocalJob * 3 + cls]! + byExp[Status.HomeCreator * 3 + cls]!;
  const homeIn = (cls: number) => byExp[Status.HomeFarming * 3 + cls]! + nonfarmIn(cls);

  put('population', away + home);
  put('away', away);
  put('away_unemployed', sc[Status.AwayUnemployed]!);
  put('returns', m.month.returns);
  put('elite_returns', m.month.eliteReturns);
  put('educated_returns', m.month.educatedReturns);
  put('returned_stock', home);
  put('remigrations', m.month.remigrations);
  put('creator_remigrations', m.month.creatorRemigrations);
  put('successful_creator_remigrations', m.month.successfulRemigrations);
  put('left_model', m.left);
  put('entered', m.entered);
  put('home_farming', sc[Status.HomeFarming]!);
  put('home_local_job', sc[Status.HomeLocalJob]!);
  put('returnee_nonfarm_share', ratio(sc[Status.HomeLocalJob]! + sc[Status.HomeCreator]!, home));
  put('nonfarm_share_experienced', ratio(nonfarmIn(2), homeIn(2)));
  put('nonfarm_share_inexperienced', ratio(nonfarmIn(0), homeIn(0)));

  const creators = m.channels.activeCount;
  put('creators', creators);
  put('returnee_creators', sc[Status.HomeCreator]!);
  put('successful_returnee_creators', m.successfulReturneeCreators());
  put('new_creators', m.month.newCreators);
  put('creator_exits', m.month.creatorExits);
  put('returnee_creator_share', ratio(sc[Status.HomeCreator]!, creators));

  // Income and follower distributions over the creators who earned this month.
  const n = cm.earners;
  put('nostalgic_creator_share', ratio(cm.nostalgicCount, n));
  const incomes = cm.incomes.subarray(0, n).sort();
  const total = cm.ads + cm.commerce + cm.brand;
  put('creator_income_total', total);
  put('creator_income_mean', ratio(total, n));
  put('creator_income_median', sortedQuantile(incomes, n, 0.5));
  put('creator_income_p90', sortedQuantile(incomes, n, 0.9));
  put('creator_income_gini', sortedGini(incomes, n));
  put('creator_income_mean_nostalgic', ratio(cm.nostalgicIncome, cm.nostalgicCount));
  put('creator_income_mean_entertainment', ratio(cm.entertainmentIncome, n - cm.nostalgicCount));
  put('creator_income_mean_knowledgeable', ratio(cm.knowledgeableIncome, cm.knowledgeableCount));
  put('creator_income_mean_other', ratio(cm.otherIncome, n - cm.knowledgeableCount));
  put('income_ads', cm.ads);
  put('income_commerce', cm.commerce);
  put('income_brand', cm.brand);
  put('creator_household_share', ratio(cm.householdShareSum, cm.householdCount));

  const followers = cm.followers.subarray(0, n).sort();
  let followersTotal = 0;
  for (let j = 0; j < n; j++) followersTotal += followers[j]!;
  let firstEstablished = n;
  while (firstEstablished > 0 && followers[firstEstablished - 1]! >= ESTABLISHED_FOLLOWERS) firstEstablished--;
  const established = n - firstEstablished;
  put('followers_total', followersTotal);
  put('followers_max', n > 0 ? followers[n - 1]! : 0);
  put('established_creators', established);
  put('followers_median_established', sortedQuantile(followers.subarray(firstEstablished, n), established, 0.5));
  put('attention_capacity', cm.capacity);
  put('platform_adoption', m.tl.adoption[t]!);

  put('loans_issued', m.month.loansIssued);
  put('loans_outstanding', m.loanBook.length);
  put('loan_defaults', m.month.loanDefaults);
  put('trained', m.month.trained);
  put('outreach_calls', m.month.calls);
  put('festivals', m.month.festivals);
  put('loan_applications', m.month.loanApplications);
  put('loans_refused', m.month.loansRefused);
  put('new_creators_short_of_savings', m.month.startsShortOfSavings);
  put('start_grants', m.month.grants);
  put('grants_refused', m.month.grantsRefused);
  put('support_seen', m.signals.support);
  put('expected_creator_income', m.signals.expectedCreatorIncome);
  put('gov_spending', m.budget.spent);
  for (let k = 0; k < PROGRAMMES.length; k++) {
    const programme = PROGRAMMES[k]!;
    put(`spend_${programme}`, m.budget.spentBy[k]!);
    if (programme !== 'network') put(`unmet_${programme}`, m.budget.unmetBy[k]!);
  }
  put('network_coverage', m.connectedCount / m.connected.length);
  put('network_cost', m.tl.networkCost[t]!);
  put('epidemic', m.tl.epidemic[t]!);
}
