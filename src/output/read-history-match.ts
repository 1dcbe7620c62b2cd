import { loadWrittenScenario } from './read-scenario.js';
import { join } from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import { InputError } from './errors.js';
import { field, isNumber, isObject, isString, readJsonObject } from './read-files.js';
import { readTable } from './read-table.js';

/**
 * Reading a history-matching directory (written by `homeward calibrate --method history-matching`):
 * history-match.json, the waves, runs and checked tables (each a CSV or a Parquet file) and scenario.json.
 */

export interface MatchFree {
  readonly path: string;
  readonly low: number;
  readonly high: number;
  /** The scenario's own value. */
  readonly scenario: number;
}

export interface MatchWave {
  readonly wave: number;
  readonly runs: number;
  readonly volumeBefore: number;
  readonly volumeAfter: number;
  readonly varianceRatio: number;
  readonly emulatorsUsed: number;
  readonly targets: number;
}

export interface MatchPoint {
  /** 1.. for a wave's runs, 0 for the final check. */
  readonly stage: number;
  readonly values: readonly number[];
}

export interface MatchChecked {
  readonly values: readonly number[];
  readonly decisive: number;
  readonly nonImplausible: boolean;
  /** Its number in the ensemble, or undefined when it is not a member. */
  readonly member: number | undefined;
  readonly passed: number;
  readonly targets: number;
}

export interface HistoryMatchData {
  readonly kind: 'history-match';
  readonly dir: string;
  readonly scenario: Scenario;
  readonly targetsFile: string;
  readonly reps: number;
  readonly cutoff: number;
  readonly stopped: string;
  readonly free: readonly MatchFree[];
  readonly waves: readonly MatchWave[];
  readonly runs: readonly MatchPoint[];
  readonly checked: readonly MatchChecked[];
}

export async function loadHistoryMatch(dir: string): Promise<HistoryMatchData> {
  const file = join(dir, 'history-match.json');
  const json = await readJsonObject(file);
  const free = field(file, json, 'free', 'a list of free parameters', Array.isArray).map((f: unknown, i): MatchFree => {
    if (!isObject(f) || !isString(f['path']) || !isNumber(f['low']) || !isNumber(f['high'])) throw new InputError(`${file}: free[${i}] must have a path, low and high`);
    return { path: f['path'], low: f['low'], high: f['high'], scenario: isNumber(f['scenario']) ? f['scenario'] : NaN };
  });
  const scenario = await loadWrittenScenario(dir);
  const paths = free.map((f) => f.path);

  const waves = await readTable(dir, 'waves', ['wave', 'runs', 'volume_before', 'volume_after', 'variance_ratio', 'emulators_used', 'targets']);
  const w = (name: string) => waves.column(name);
  const runs = await readTable(dir, 'runs', ['stage', 'run', ...paths]);
  const checked = await readTable(dir, 'checked', ['point', ...paths, 'decisive', 'non_implausible', 'passed', 'targets', 'member']);
  const c = (name: string) => checked.column(name);
  return {
    kind: 'history-match',
    dir,
    scenario,
    targetsFile: isString(json['targets_file']) ? json['targets_file'] : '',
    reps: isNumber(json['reps']) ? json['reps'] : scenario.reps,
    cutoff: isNumber(json['cutoff']) ? json['cutoff'] : 3,
    stopped: isString(json['stopped']) ? json['stopped'] : '',
    free,
    waves: waves.rows.map((_, r) => ({
      wave: waves.number(r, w('wave')),
      runs: waves.number(r, w('runs')),
      volumeBefore: waves.number(r, w('volume_before')),
      volumeAfter: waves.number(r, w('volume_after')),
      varianceRatio: waves.number(r, w('variance_ratio')),
      emulatorsUsed: waves.number(r, w('emulators_used')),
      targets: waves.number(r, w('targets')),
    })),
    runs: runs.rows.map((row, r) => ({
      stage: row[runs.column('stage')] === 'check' ? 0 : runs.number(r, runs.column('stage')),
      values: paths.map((p) => runs.number(r, runs.column(p))),
    })),
    checked: checked.rows.map((row, r) => ({
      values: paths.map((p) => checked.number(r, checked.column(p))),
      decisive: checked.number(r, c('decisive')),
      nonImplausible: row[c('non_implausible')] === 'true',
      member: row[c('member')] === '' ? undefined : checked.number(r, c('member')),
      passed: checked.number(r, c('passed')),
      targets: checked.number(r, c('targets')),
    })),
  };
}
