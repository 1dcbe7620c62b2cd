import { loadComparison, type ComparisonData } from '../output/read-compare.js';
import { comparisonCharts } from '../plot/charts.js';
import { comparisonOutcomes, parameterTable } from '../report/tables.js';
import { defineKind } from './kind.js';

/** `homeward compare`: compare.json, compare.csv and a run directory per scenario. */
export const COMPARISON = defineKind<ComparisonData>({
  name: 'comparison',
  command: 'compare',
  detect: { table: 'compare', json: 'compare.json' },
  read: loadComparison,
  charts: comparisonCharts,
  report: (cmp) => ({
    title: `${cmp.runs.map((r) => r.name).join(' vs ')}`,
    lead: `A comparison of ${cmp.runs.length} scenarios with ${cmp.reference} as the reference, ${cmp.reps} replications each with common random numbers.`,
    parameters: [parameterTable(cmp.runs.map((r) => ({ scenario: r.scenario, personsPerAgent: r.facts.personsPerAgent })))],
    parametersNote: 'Highlighted rows differ between the scenarios.',
    numbers: 'Headline numbers',
    outcomes: comparisonOutcomes(cmp),
  }),
});
