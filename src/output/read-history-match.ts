import { loadWrittenScenario } from './read-scenario.js';
import { join } from 'node:path';
import type { Scenario } from '../scenario/schema.js';
import { list, number, numberOrNaN, object, optional, readJsonFile, text } from './json-spec.js';
import { column, columns, flagOf, readTable, type TableSpec } from './read-table.js';

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

/** history-match.json: the free parameters with their prior box, and how the matching ran. */
const HISTORY_MATCH_JSON = object({
  free: list(object({ path: text, low: number, high: number, scenario: optional(numberOrNaN, NaN) }), true),
  targets_file: optional(text, ''),
  reps: optional(number),
  cutoff: optional(number, 3),
  stopped: optional(text, ''),
});

const WAVES_TABLE: TableSpec = {
  name: 'waves',
  columns: [column('wave', 'count'), column('runs', 'count'), ...columns('number', ['volume_before', 'volume_after', 'variance_ratio']), ...columns('count', ['emulators_used', 'targets'])],
  key: ['wave'],
};

/** runs.csv: every simulated point, by stage (a wave's number, or `check` for the final points). */
function runsTable(paths: readonly string[]): TableSpec {
  return { name: 'runs', columns: [column('stage', 'value'), column('run', 'count'), ...columns('number', paths, { blank: false })] };
}

/** checked.csv: the final points, run for real; member is empty for a point outside the ensemble. */
function checkedTable(paths: readonly string[]): TableSpec {
  return {
    name: 'checked',
    columns: [
      column('point', 'count'),
      ...columns('number', paths, { blank: false }),
      column('decisive', 'number'),
      column('non_implausible', 'flag'),
      ...columns('count', ['passed', 'targets']),
      column('member', 'count', { blank: true }),
    ],
    key: ['point'],
  };
}

export async function loadHistoryMatch(dir: string): Promise<HistoryMatchData> {
  const json = await readJsonFile(join(dir, 'history-match.json'), HISTORY_MATCH_JSON);
  const free: MatchFree[] = json.free.map((f) => ({ path: f.path, low: f.low, high: f.high, scenario: f.scenario }));
  const scenario = await loadWrittenScenario(dir);
  const paths = free.map((f) => f.path);

  const waves = await readTable(dir, WAVES_TABLE);
  const w = (name: string) => waves.column(name);
  const runs = await readTable(dir, runsTable(paths));
  const checked = await readTable(dir, checkedTable(paths));
  const c = (name: string) => checked.column(name);
  return {
    kind: 'history-match',
    dir,
    scenario,
    targetsFile: json.targets_file,
    reps: json.reps ?? scenario.reps,
    cutoff: json.cutoff,
    stopped: json.stopped,
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
      nonImplausible: flagOf(checked, r, c('non_implausible')),
      member: row[c('member')] === '' ? undefined : checked.number(r, c('member')),
      passed: checked.number(r, c('passed')),
      targets: checked.number(r, c('targets')),
    })),
  };
}
