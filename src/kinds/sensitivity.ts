import { loadSensitivity, type SensitivityData } from '../output/read-sensitivity.js';
import { sensitivityCharts } from '../plot/sensitivity.js';
import { sensitivityFactorsTable, sensitivityRankingTable } from '../report/tables.js';
import { defineKind } from './kind.js';

/** `homeward sensitivity`: design.json, sensitivity.csv and scenario.json. */
export const SENSITIVITY = defineKind<SensitivityData>({
  name: 'sensitivity',
  command: 'sensitivity',
  detect: { table: 'sensitivity', json: 'design.json' },
  read: loadSensitivity,
  chartedBy: 'a sensitivity analysis is charted by its outcomes (sensitivity.csv)',
  charts: sensitivityCharts,
  report: (data) => {
    const morris = data.method === 'morris';
    return {
      title: `${data.scenario.name}: ${morris ? 'Morris screening' : 'Sobol indices'}`,
      lead:
        `A global sensitivity analysis (${morris ? 'Morris elementary effects' : "Sobol' first-order and total indices"}) of ${data.outcomes.length} outcomes ` +
        `over ${data.factors.length} parameters of ${data.scenario.name}: ${data.points} points × ${data.reps} replications with common random numbers.`,
      parameters: [sensitivityFactorsTable(data)],
      numbers: 'Most influential parameters',
      outcomes: sensitivityRankingTable(data),
      // It leads with its ranking: its parameter table lists every parameter varied (140 by default).
      numbersFirst: true,
    };
  },
});
