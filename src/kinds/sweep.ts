import { loadSweep, type SweepData } from '../output/read-sweep.js';
import { sweepCharts } from '../plot/sweep.js';
import { sweepWorldsCharts } from '../plot/sweep-worlds.js';
import { settingsLead } from '../report/html.js';
import { scenarioTable, sweepOutcomes, sweptTable } from '../report/tables.js';
import { defineKind } from './kind.js';

/** `homeward sweep`: design.json, points.csv and scenario.json; over an ensemble, points.csv has a member column. */
export const SWEEP = defineKind<SweepData>({
  name: 'sweep',
  command: 'sweep',
  detect: { table: 'points', json: 'design.json' },
  read: loadSweep,
  chartedBy: 'a sweep is charted by its outcomes (points.csv)',
  // Over an ensemble, each world's response: pooled whiskers of the levels would mix the worlds' differences in level with it.
  charts: (sweep) => (sweep.ensemble ? sweepWorldsCharts(sweep) : sweepCharts(sweep)),
  report: (sweep) => {
    const s = sweep.params.length > 1 ? 's' : '';
    return {
      title: `${sweep.scenario.name}: sweep of ${sweep.params.map((p) => p.path).join(', ')}`,
      lead: sweep.ensemble
        ? `A ${sweep.design} sweep of ${sweep.points.length / sweep.ensemble.worlds} points over ${sweep.params.length} parameter${s} of ${sweep.scenario.name}, ` +
          `each run in the ${sweep.ensemble.worlds} worlds of ${sweep.ensemble.file} (parameter sets consistent with the facts).` +
          (sweep.ensemble.settings ? ` ${settingsLead(sweep.ensemble.settings)}` : '')
        : `A ${sweep.design} sweep of ${sweep.points.length} points over ${sweep.params.length} parameter${s} of ${sweep.scenario.name}.`,
      parameters: [sweptTable(sweep), scenarioTable(sweep.scenario)],
      numbers: 'Headline numbers',
      outcomes: sweepOutcomes(sweep),
    };
  },
});
