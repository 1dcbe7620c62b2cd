import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from './errors.js';
import { hasTable } from './read-table.js';
import { exists } from './read-files.js';
import { loadComparison, type ComparisonData } from './read-compare.js';
import { loadRun, type RunData } from './read-run.js';
import { loadSweep, type SweepData } from './read-sweep.js';
import { loadSensitivity, type SensitivityData } from './read-sensitivity.js';
import { loadHistoryMatch, type HistoryMatchData } from './read-history-match.js';
import { loadEnsembleComparison, type EnsembleComparisonData } from './read-ensemble-compare.js';

/**
 * Reading any homeward output directory, for charts and reports. Three kinds, told apart by their files: a run
 * (`summary.csv`, `scenario.json`), a comparison (`compare.csv`, `compare.json`, a run directory per scenario) and a
 * sweep (`points.csv`, `design.json`).
 */

export type OutputData = RunData | ComparisonData | SweepData | SensitivityData | HistoryMatchData | EnsembleComparisonData;
export type OutputKind = OutputData['kind'];

/** Which kind of output a directory holds, from its files; InputError if none. */
export async function detectKind(dir: string): Promise<OutputKind> {
  const s = await stat(dir).catch(() => undefined);
  if (!s) throw new InputError(`${dir}: no such directory`);
  if (!s.isDirectory()) throw new InputError(`${dir}: not a directory (expected a homeward output directory)`);
  const has = (name: string) => exists(join(dir, name));
  if ((await hasTable(dir, 'compare')) && (await has('compare.json'))) return 'comparison';
  if ((await hasTable(dir, 'ensemble-compare')) && (await has('ensemble-compare.json'))) return 'ensemble-comparison';
  if ((await hasTable(dir, 'points')) && (await has('design.json'))) return 'sweep';
  if ((await hasTable(dir, 'sensitivity')) && (await has('design.json'))) return 'sensitivity';
  if ((await has('history-match.json')) && (await hasTable(dir, 'waves'))) return 'history-match';
  if ((await hasTable(dir, 'summary')) && (await has('scenario.json'))) return 'run';
  throw new InputError(
    `${dir}: not a homeward output directory (expected summary.csv and scenario.json from run, compare.csv and compare.json from compare, points.csv and design.json from sweep, sensitivity.csv and design.json from sensitivity, history-match.json and waves.csv from calibrate --method history-matching, or ensemble-compare.csv and ensemble-compare.json from compare --ensemble)`,
  );
}

export async function loadOutput(dir: string): Promise<OutputData> {
  const kind = await detectKind(dir);
  if (kind === 'sensitivity') return loadSensitivity(dir);
  if (kind === 'history-match') return loadHistoryMatch(dir);
  if (kind === 'ensemble-comparison') return loadEnsembleComparison(dir);
  return kind === 'run' ? loadRun(dir) : kind === 'comparison' ? loadComparison(dir) : loadSweep(dir);
}
