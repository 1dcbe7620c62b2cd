import { PROGRAMMES, type ProgrammeName } from './budget.js';

/**
 * The metrics a replication records each month: one column of timeseries.csv each, in this order.
 * Counts are in simulated agents (see population.agents / population.emigrants); money in RMB per month.
 */
export interface MetricDef {
  readonly name: string;
  readonly unit: string;
  readonly doc: string;
}

/** One metric per programme: `spend_loans`, `unmet_training`...; network connections are paid whatever the budget, so have no unmet demand. */
function programmeMetrics<K extends string>(kind: K, doc: string, rationed: boolean) {
  return PROGRAMMES.filter((p) => !rationed || p !== 'network').map((p) => ({
    name: `${kind}_${p}` as `${K}_${ProgrammeName}`,
    unit: 'RMB/month',
    doc: `${doc} (${p.replace('_', ' ')}), in simulated-county RMB.`,
  }));
}

export const METRICS = [
  { name: 'population', unit: 'persons', doc: 'Emigrants in the model (away or returned home), after entries and exits this month.' },
  { name: 'away', unit: 'persons', doc: 'Persons away in the city at the end of the month.' },
  { name: 'away_unemployed', unit: 'persons', doc: 'Persons away without a job.' },
  { name: 'returns', unit: 'persons', doc: 'Persons who returned home this month.' },
  { name: 'elite_returns', unit: 'persons', doc: 'Returns this month by elites.' },
  { name: 'educated_returns', unit: 'persons', doc: "Returns this month by persons with at least a bachelor's degree (F8: the first wave is better educated)." },
  { name: 'returned_stock', unit: 'persons', doc: 'Returned persons at home at the end of the month.' },
  { name: 'remigrations', unit: 'persons', doc: 'Returned persons who left home again this month.' },
  { name: 'creator_remigrations', unit: 'persons', doc: 'Returnee creators who left home again this month (their channel closes).' },
  { name: 'successful_creator_remigrations', unit: 'persons', doc: 'Returnee creators earning at least creators.success_income who left home again this month.' },
  { name: 'left_model', unit: 'persons', doc: 'Cumulative persons who left the model (retirement age, permanent urban settlement).' },
  { name: 'entered', unit: 'persons', doc: 'Cumulative new emigrants who entered the model after the start.' },
  { name: 'home_farming', unit: 'persons', doc: 'Returned persons farming.' },
  { name: 'home_local_job', unit: 'persons', doc: 'Returned persons in a local wage job.' },
  { name: 'returnee_nonfarm_share', unit: 'share', doc: 'Share of returned persons in non-farm work (local job or creator).' },
  { name: 'nonfarm_share_experienced', unit: 'share', doc: 'Non-farm share among returned persons with full urban experience.' },
  { name: 'nonfarm_share_inexperienced', unit: 'share', doc: 'Non-farm share among returned persons with less than a year of urban experience.' },
  { name: 'creators', unit: 'creators', doc: 'Active creators (returnees and stay-at-home residents).' },
  { name: 'returnee_creators', unit: 'creators', doc: 'Active creators who are returnees.' },
  { name: 'successful_returnee_creators', unit: 'creators', doc: 'Returnee creators earning at least creators.success_income (visible role models).' },
  { name: 'new_creators', unit: 'creators', doc: 'Creators who started this month.' },
  { name: 'creator_exits', unit: 'creators', doc: 'Creators who stopped this month.' },
  { name: 'returnee_creator_share', unit: 'share', doc: 'Share of returnees among active creators.' },
  { name: 'nostalgic_creator_share', unit: 'share', doc: 'Share of active creators with nostalgic/heritage content.' },
  { name: 'creator_income_total', unit: 'RMB/month', doc: 'Income of all creators this month, after platform fees.' },
  { name: 'creator_income_mean', unit: 'RMB/month', doc: 'Mean income per active creator.' },
  { name: 'creator_income_median', unit: 'RMB/month', doc: 'Median income of active creators.' },
  { name: 'creator_income_p90', unit: 'RMB/month', doc: '90th percentile of creator income.' },
  { name: 'creator_income_gini', unit: 'index 0..1', doc: 'Gini coefficient of creator income.' },
  { name: 'creator_income_mean_nostalgic', unit: 'RMB/month', doc: 'Mean income of nostalgic/heritage creators.' },
  { name: 'creator_income_mean_entertainment', unit: 'RMB/month', doc: 'Mean income of entertainment creators.' },
  { name: 'creator_income_mean_knowledgeable', unit: 'RMB/month', doc: 'Mean income of creators with local knowledge of at least 0.5.' },
  { name: 'creator_income_mean_other', unit: 'RMB/month', doc: 'Mean income of creators with local knowledge below 0.5.' },
  { name: 'income_ads', unit: 'RMB/month', doc: 'Creator income from traffic and ads.' },
  { name: 'income_commerce', unit: 'RMB/month', doc: 'Creator income from live commerce of local products.' },
  { name: 'income_brand', unit: 'RMB/month', doc: 'Creator income from brand cooperation.' },
  { name: 'creator_household_share', unit: 'share', doc: 'Mean share of creator income in the household income of returnee creators.' },
  { name: 'followers_total', unit: 'follows', doc: 'Followers of all active creators.' },
  { name: 'followers_max', unit: 'followers', doc: 'Followers of the largest creator.' },
  { name: 'established_creators', unit: 'creators', doc: 'Creators with at least 20,000 followers.' },
  { name: 'followers_median_established', unit: 'followers', doc: 'Median followers among established creators.' },
  { name: 'attention_capacity', unit: 'follows', doc: 'Follows the platform audience can give the county\'s creators this month.' },
  { name: 'platform_adoption', unit: 'share', doc: 'Platform adoption among internet users.' },
  { name: 'loans_issued', unit: 'loans', doc: 'Interest-free loans issued this month.' },
  { name: 'loans_outstanding', unit: 'loans', doc: 'Loans not yet repaid or defaulted.' },
  { name: 'loan_defaults', unit: 'loans', doc: 'Loans defaulted this month.' },
  { name: 'trained', unit: 'persons', doc: 'Training seats filled this month.' },
  { name: 'outreach_calls', unit: 'calls', doc: 'Recruitment calls made this month.' },
  { name: 'festivals', unit: 'festivals', doc: 'Festivals held this month.' },
  { name: 'loan_applications', unit: 'loans', doc: 'Qualified applications for a loan this month (persons starting a channel whose savings fall short).' },
  { name: 'loans_refused', unit: 'loans', doc: 'Qualified loan applications refused this month because the month\'s capacity or the year\'s budget was used up.' },
  { name: 'new_creators_short_of_savings', unit: 'creators', doc: 'Returnees who started a channel this month though their own savings fell short of the start cost (a grant or a loan closed the gap).' },
  { name: 'start_grants', unit: 'grants', doc: 'Start grants paid this month.' },
  { name: 'grants_refused', unit: 'grants', doc: 'Start grants requested by persons who would start with one, refused because the year\'s budget was used up.' },
  { name: 'support_seen', unit: 'share', doc: 'Visible policy support in the return decision (0..1): persons reached by the programmes over the last 12 months relative to decision.support_reference.' },
  { name: 'expected_creator_income', unit: 'RMB/month', doc: 'Creator income people expect this month: the creators\' recent average income blended with the prior.' },
  { name: 'gov_spending', unit: 'RMB/month', doc: 'Government spending this month (loan principal, training, festivals, calls, live sales, grants, network), in simulated-county RMB.' },
  ...programmeMetrics('spend', 'Spending of the programme this month', false),
  ...programmeMetrics('unmet', 'Demand the programme could not pay this month because the year\'s budget was used up', true),
  { name: 'network_coverage', unit: 'share', doc: 'Share of villages connected.' },
  { name: 'network_cost', unit: 'RMB/person-year', doc: 'Network cost per person and year.' },
  { name: 'epidemic', unit: '0/1', doc: '1 while the epidemic lasts.' },
] as const satisfies readonly MetricDef[];

export type MetricName = (typeof METRICS)[number]['name'];
export const METRIC_NAMES: readonly MetricName[] = METRICS.map((m) => m.name);
export const METRIC_INDEX: Readonly<Record<MetricName, number>> = Object.fromEntries(
  METRICS.map((m, i) => [m.name, i]),
) as Record<MetricName, number>;
