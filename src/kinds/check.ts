import { loadCheck, type CheckData } from '../output/read-check.js';
import { readable } from '../output/readable.js';
import { checkCharts } from '../plot/calibrate.js';
import { scenarioTable, targetsTable } from '../report/tables.js';
import { defineKind } from './kind.js';

/** `homeward check`: check.json, check.csv and scenario.json. */
export const CHECK = defineKind<CheckData>({
  name: 'check',
  command: 'check',
  detect: { table: 'check', json: 'check.json' },
  read: loadCheck,
  chartedBy: 'a check is charted by its targets',
  charts: checkCharts,
  report: (data) => ({
    title: `${data.scenario.name}: check against ${data.targetsFile}`,
    lead: `${data.scenario.name} run ${data.reps} times (seed ${data.seed}) and checked against the ${data.results.length} targets of ${data.targetsFile}: ${data.results.filter((r) => r.pass).length} pass; distance ${readable(data.distance)} (weighted mean of z², z = miss / tolerance).`,
    parameters: [scenarioTable(data.scenario)],
    numbers: 'Targets',
    outcomes: targetsTable(data.results, data.reps, data.targetsFile),
  }),
});
