/** Readable names of the headline outcomes (src/analysis/outcomes.ts) and of compare's cost outcome. */
const OUTCOME_LABELS: Readonly<Record<string, string>> = {
  cumulative_returns: 'Returns over the run',
  returned_stock_end: 'Returnees at home at the end',
  creators_end: 'Active creators at the end',
  creator_income_cumulative: 'Creator income over the run',
  creator_income_mean_last_year: 'Mean creator income in the last year',
  cumulative_remigrations: 'Returnees leaving again over the run',
  gov_spending_total: 'Government spending over the run',
  spending_per_additional_returnee: 'Spending per additional returnee',
};

export function outcomeLabel(name: string): string {
  return OUTCOME_LABELS[name] ?? sentence(name);
}

/** `some_name` → `Some name`. */
export function sentence(name: string): string {
  const words = name.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
