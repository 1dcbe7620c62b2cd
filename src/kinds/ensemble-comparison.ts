import { loadEnsembleComparison, type EnsembleComparisonData } from '../output/read-ensemble-compare.js';
import { ensembleCharts } from '../plot/ensemble.js';
import { settingsLead } from '../report/html.js';
import { ensembleOutcomes, ensembleTables } from '../report/tables.js';
import { defineKind } from './kind.js';

/** `homeward compare --ensemble`: ensemble-compare.json, ensemble-compare.csv and ensemble-worlds.csv. */
export const ENSEMBLE_COMPARISON = defineKind<EnsembleComparisonData>({
  name: 'ensemble-comparison',
  command: 'compare --ensemble',
  detect: { table: 'ensemble-compare', json: 'ensemble-compare.json' },
  read: loadEnsembleComparison,
  chartedBy: 'a comparison across an ensemble is charted by its outcomes',
  charts: ensembleCharts,
  report: (data) => ({
    title: `${data.scenarios.map((s) => s.name).join(' vs ')} across an ensemble`,
    lead:
      `A comparison of ${data.scenarios.length} scenarios with ${data.reference} as the reference at each of the ${data.members.length} parameter sets of ${data.ensembleFile} ` +
      `(worlds consistent with the facts${data.settings && data.settings.differs.length > 0 ? ' at the settings they were matched at' : ''}), ${data.reps} replications per world with common random numbers.` +
      (data.settings ? ` ${settingsLead(data.settings)}` : ''),
    parameters: ensembleTables(data),
    numbers: 'Differences across the worlds',
    outcomes: ensembleOutcomes(data),
  }),
});
