/** Readable names of the headline outcomes (src/analysis/outcomes.ts) and of the costs per person (src/analysis/costs.ts). */
const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  cumulative_returns: 'Returns over the run (events)',
  returned_stock_end: 'Returnees at home at the end',
  person_years_home: 'Person-years at home over the run',
  creators_end: 'Active creators at the end',
  creator_income_cumulative: 'Creator income over the run',
  creator_income_mean_last_year: 'Mean creator income in the last year',
  creator_income_median_last_year: 'Median creator income in the last year',
  cumulative_remigrations: 'Returnees leaving again over the run',
  gov_spending_total: 'Government spending over the run (gross)',
  gov_spending_net_total: 'Government spending over the run, net of loan repayments',
  net_spending_per_additional_returnee_at_end: 'Net spending per additional returnee at home at the end',
  net_spending_per_additional_person_year_home: 'Net spending per additional person-year at home',
  net_spending_per_additional_return_event: 'Net spending per additional return event',
  // Written by compare before 0.3 (gross spending, per return event): older directories still plot.
  spending_per_additional_returnee: 'Gross spending per additional return event',
};

export function outcomeLabel(name: string): string {
  return OUTCOME_LABELS[name] ?? sentence(name);
}

/** `some_name` → `Some name`. */
export function sentence(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
