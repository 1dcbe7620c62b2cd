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
import { loadCalibration, loadCheck, type CalibrationData, type CheckData } from './read-check.js';

/**
 * Reading any homeward output directory, for charts and reports. Each kind of output is a row of KINDS: the files
 * that tell it apart (a table in CSV or Parquet, and a JSON file), the command that writes them, and its reader.
 * The charts (plot/charts.ts) and the report (report/*.ts) switch on the kind, so the compiler holds them to this list.
 */

export type OutputData = RunData | ComparisonData | SweepData | SensitivityData | HistoryMatchData | EnsembleComparisonData | CheckData | CalibrationData;
export type OutputKind = OutputData['kind'];

interface KindEntry {
  readonly kind: OutputKind;
  /** The table (without .csv/.parquet) and the JSON file a directory of this kind holds. */
  readonly table: string;
  readonly json: string;
  /** The command that writes it, for the message when no kind matches. */
  readonly command: string;
  readonly load: (dir: string) => Promise<OutputData>;
}

/** In the order they are tried: a run's files come last, as other kinds may hold a run's files too. */
export const KINDS: readonly KindEntry[] = [
  { kind: 'comparison', table: 'compare', json: 'compare.json', command: 'compare', load: loadComparison },
  { kind: 'ensemble-comparison', table: 'ensemble-compare', json: 'ensemble-compare.json', command: 'compare --ensemble', load: loadEnsembleComparison },
  { kind: 'sweep', table: 'points', json: 'design.json', command: 'sweep', load: loadSweep },
  { kind: 'sensitivity', table: 'sensitivity', json: 'design.json', command: 'sensitivity', load: loadSensitivity },
  { kind: 'history-match', table: 'waves', json: 'history-match.json', command: 'calibrate --method history-matching', load: loadHistoryMatch },
  { kind: 'calibration', table: 'trace', json: 'calibrate.json', command: 'calibrate', load: loadCalibration },
  { kind: 'check', table: 'check', json: 'check.json', command: 'check', load: loadCheck },
  { kind: 'run', table: 'summary', json: 'scenario.json', command: 'run', load: loadRun },
];

/** Which kind of output a directory holds, from its files; InputError if none. */
export async function detectKind(dir: string): Promise<OutputKind> {
  return (await detect(dir)).kind;
}

async function detect(dir: string): Promise<KindEntry> {
  const s = await stat(dir).catch(() => undefined);
  if (!s) throw new InputError(`${dir}: no such directory`);
  if (!s.isDirectory()) throw new InputError(`${dir}: not a directory (expected a homeward output directory)`);
  for (const k of KINDS) if ((await hasTable(dir, k.table)) && (await exists(join(dir, k.json)))) return k;
  const expected = KINDS.map((k) => `${k.table}.csv and ${k.json} from ${k.command}`);
  throw new InputError(`${dir}: not a homeward output directory (expected ${expected.slice(0, -1).join(', ')}, or ${expected.at(-1)})`);
}

export async function loadOutput(dir: string): Promise<OutputData> {
  return (await detect(dir)).load(dir);
}
