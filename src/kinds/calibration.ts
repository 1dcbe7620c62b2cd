import { loadCalibration, type CalibrationData } from '../output/read-check.js';
import { readable } from '../output/readable.js';
import { calibrationCharts } from '../plot/calibrate.js';
import { calibrationTables, targetsTable } from '../report/tables.js';
import { defineKind } from './kind.js';

/** `homeward calibrate`: calibrate.json, trace.csv and best-check.csv. */
export const CALIBRATION = defineKind<CalibrationData>({
  name: 'calibration',
  command: 'calibrate',
  detect: { table: 'trace', json: 'calibrate.json' },
  read: loadCalibration,
  chartedBy: 'a calibration is charted by its targets',
  charts: calibrationCharts,
  report: (data) => ({
    title: `${data.name}: calibration to ${data.targetsFile}`,
    lead:
      `A search of ${data.free.length} free parameter${data.free.length === 1 ? '' : 's'} of ${data.name} for the best fit to ${data.targetsFile}: ${data.trace.length} evaluations of ${data.reps} replications each ` +
      `(a Latin hypercube, then Nelder-Mead). The best, at evaluation ${data.bestEval}, has distance ${readable(data.distance)} and passes ${data.results.filter((r) => r.pass).length} of ${data.results.length} targets.`,
    parameters: calibrationTables(data),
    numbers: 'Targets',
    outcomes: targetsTable(data.results, data.reps, data.targetsFile),
  }),
});
