import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from './errors.js';
import { hasTable } from './read-table.js';
import { exists } from './read-files.js';
import { loadComparison, type ComparisonData } from './read-compare.js';
import { loadRun, type RunData } from './read-run.js';
import { loadSweep, type SweepData } from './read-sweep.js';

/**
 * Reading any homeward output directory, for charts and reports. Three kinds, told apart by their files: a run
 * (`summary.csv`, `scenario.json`), a comparison (`compare.csv`, `compare.json`, a run directory per scenario) and a
 * sweep (`points.csv`, `design.json`).
 */

export type OutputData = RunData | ComparisonData | SweepData;
export type OutputKind = OutputData['kind'];

/** Which kind of output a directory holds, from its files; InputError if none. */
export async function detectKind(dir: string): Promise<OutputKind> {
  const s = await stat(dir).catch(() => undefined);
  if (!s) throw new InputError(`${dir}: no such directory`);
  if (!s.isDirectory()) throw new InputError(`${dir}: not a directory (expected a homeward output directory)`);
  const has = (name: string) => exists(join(dir, name));
  if ((await hasTable(dir, 'compare')) && (await has('compare.json'))) return 'comparison';
  if ((await hasTable(dir, 'points')) && (await has('design.json'))) return 'sweep';
  if ((await hasTable(dir, 'summary')) && (await has('scenario.json'))) return 'run';
  throw new InputError(
    `${dir}: not a homeward output directory (expected summary.csv and scenario.json from run, compare.csv and compare.json from compare, or points.csv and design.json from sweep)`,
  );
}

export async function loadOutput(dir: string): Promise<OutputData> {
  const kind = await detectKind(dir);
  return kind === 'run' ? loadRun(dir) : kind === 'comparison' ? loadComparison(dir) : loadSweep(dir);
}
