import type { Ensemble, MatchedSettings } from './ensemble.js';
import { parseMonth } from './month.js';
import type { ScenarioOptions } from './options.js';
import type { Scenario } from './schema.js';

/**
 * Running an ensemble at the settings it was matched at. Its worlds were found consistent with the facts with a
 * population of so many agents, over so many months from a start month, with so many replications from a seed
 * (calibrate --method history-matching records them under `options:`): `compare --ensemble` and `sweep --ensemble` run
 * at these unless --agents, --months, --reps or --seed is given, and say when a run differs from them. The match's
 * --set overrides are not applied (they may set what the compared scenarios differ in); a run without the same ones
 * is named as differing.
 */

/** The settings a run of an ensemble has, each as the match had it and as this run has it. */
export interface EnsembleSettings {
  /** False for an ensemble file that records no settings (older files): the run is at the scenario's. */
  readonly recorded: boolean;
  readonly matched: RunSettings | null;
  readonly run: RunSettings;
  /** The settings that differ between the two (agents, months, start, reps, seed, set), in that order. */
  readonly differs: readonly string[];
}

export interface RunSettings {
  readonly agents: number | null;
  readonly months: number | null;
  readonly start: string | null;
  readonly reps: number | null;
  readonly seed: number | null;
  readonly set: readonly string[] | null;
}

const monthsOf = (start: string, end: string) => parseMonth(end) - parseMonth(start) + 1;

/**
 * The options to run the ensemble with: the user's, and for each of --agents, --months, --reps and --seed not given
 * the matched value. (--months counts from the scenario's start; a scenario that starts elsewhere is named by
 * ensembleSettings as differing.)
 */
export function withMatchedSettings<T extends ScenarioOptions>(options: T, ensemble: Ensemble): T {
  const m = ensemble.matched;
  if (!m) return options;
  return {
    ...options,
    ...(options.agents === undefined && m.agents !== undefined ? { agents: String(m.agents) } : {}),
    ...(options.reps === undefined && m.reps !== undefined ? { reps: String(m.reps) } : {}),
    ...(options.seed === undefined && m.seed !== undefined ? { seed: String(m.seed) } : {}),
    ...(options.months === undefined && m.start !== undefined && m.end !== undefined ? { months: monthsOf(m.start, m.end) } : {}),
  };
}

function matchedRun(m: MatchedSettings): RunSettings {
  return {
    agents: m.agents ?? null,
    months: m.start !== undefined && m.end !== undefined ? monthsOf(m.start, m.end) : null,
    start: m.start ?? null,
    reps: m.reps ?? null,
    seed: m.seed ?? null,
    set: m.set ?? null,
  };
}

/** The settings the scenario (resolved with withMatchedSettings' options) runs at, beside the matched ones. */
export function ensembleSettings(ensemble: Ensemble, options: ScenarioOptions, scenario: Scenario): EnsembleSettings {
  const run: RunSettings = {
    agents: scenario.population.agents,
    months: monthsOf(scenario.start, scenario.end),
    start: scenario.start,
    reps: scenario.reps,
    seed: scenario.seed,
    set: [...options.set],
  };
  if (!ensemble.matched) return { recorded: false, matched: null, run, differs: [] };
  const matched = matchedRun(ensemble.matched);
  const differs = (['agents', 'months', 'start', 'reps', 'seed'] as const).filter((k) => matched[k] !== null && matched[k] !== run[k]) as string[];
  if (matched.set !== null && matched.set.join('\n') !== run.set!.join('\n')) differs.push('set');
  return { recorded: true, matched, run, differs };
}

function value(k: keyof RunSettings, s: RunSettings): string {
  const v = s[k];
  if (v === null) return 'not recorded';
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.map((x) => `--set ${x}`).join(' ');
  return typeof v === 'number' ? v.toLocaleString('en-US') : String(v);
}

/** The settings in words: `1,000 agents, 24 months from 2015-01, 4 replications, seed 1`. */
export function settingsText(s: RunSettings): string {
  return [
    `${value('agents', s)} agents`,
    `${value('months', s)} months from ${value('start', s)}`,
    `${value('reps', s)} replications`,
    `seed ${value('seed', s)}`,
    ...(s.set && s.set.length > 0 ? [value('set', s)] : []),
  ].join(', ');
}

/** The one warning line for stderr, or undefined when the run is at the matched settings. */
export function settingsWarning(file: string, s: EnsembleSettings): string | undefined {
  if (!s.recorded) return `warning: ${file} records no settings its worlds were matched at (an older ensemble file); running at the scenario's and the options given: ${settingsText(s.run)}`;
  if (s.differs.length === 0) return undefined;
  const given = s.differs.map((k) => `${k} ${value(k as keyof RunSettings, s.run)} (matched: ${value(k as keyof RunSettings, s.matched!)})`);
  return `warning: the worlds of ${file} were matched at other settings than this run's: ${given.join(', ')}; they are consistent with the facts at the matched settings, not necessarily at these`;
}

/** The summary line: what the worlds were run at, and what they were matched at when it differs. */
export function settingsSummary(file: string, s: EnsembleSettings): string {
  if (!s.recorded) return `The worlds of ${file} ran at ${settingsText(s.run)}; the file records no settings they were matched at.`;
  if (s.differs.length === 0) return `The worlds of ${file} ran at the settings they were matched at: ${settingsText(s.run)}.`;
  return `The worlds of ${file} ran at ${settingsText(s.run)}, not at the settings they were matched at (${settingsText(s.matched!)}): ${s.differs.join(', ')} differ.`;
}
