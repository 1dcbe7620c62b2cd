import { loadRun, type RunData } from '../output/read-run.js';
import { runCharts } from '../plot/charts.js';
import { parameterTable, runOutcomes } from '../report/tables.js';
import { defineKind } from './kind.js';

/** `homeward run`: summary.csv, timeseries.csv, creators.csv, scenario.json and run.json. */
export const RUN = defineKind<RunData>({
  name: 'run',
  command: 'run',
  detect: { table: 'summary', json: 'scenario.json' },
  read: loadRun,
  charts: (run, opts) => runCharts([run], opts),
  report: (run) => ({
    title: run.name,
    lead: run.scenario.description || `A run of ${run.name}.`,
    parameters: [parameterTable([{ scenario: run.scenario, personsPerAgent: run.facts.personsPerAgent }])],
    numbers: 'Headline numbers',
    outcomes: runOutcomes(run),
  }),
});
