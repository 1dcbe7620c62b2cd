import { readInputText } from './read-input.js';
import { stringify } from 'yaml';
import { NUMERIC_TYPES, parameterAt } from './describe.js';
import { ScenarioError, type ScenarioProblem } from './errors.js';
import { readError } from './load.js';
import { unknownPathMessage } from './overrides.js';
import { MONTH_PATTERN } from './month.js';
import { keyLocation, parseYamlMapping, type YamlMapping } from './yaml-file.js';

/**
 * Ensemble files (`ensemble.yaml`): parameter sets that are all consistent with the facts, written by
 * `homeward calibrate --method history-matching` and read by `compare --ensemble` and `sweep --ensemble`, which run
 * every scenario at every member. A member is a mapping of parameter dot paths to numbers; every member sets the same
 * parameters. The other keys (the scenario and targets the ensemble was matched to, the options, the free parameters
 * and their ranges) are its provenance. Problems are ScenarioErrors naming the file, line and key, like a scenario's.
 */

export interface EnsembleMember {
  /** 1-based, as the file's members are counted in messages and outputs. */
  readonly member: number;
  /** Values by dot path, in the file's order. */
  readonly values: ReadonlyMap<string, number>;
  /** Line of the member in its file. */
  readonly line?: number;
}

export interface Ensemble {
  readonly file: string;
  /** The settings the members were matched at (its provenance's options:); undefined when the file records none. */
  readonly matched?: MatchedSettings;
  /** The parameters every member sets, in the first member's order. */
  readonly paths: readonly string[];
  readonly members: readonly EnsembleMember[];
}

/**
 * The settings an ensemble's members were matched at, from its `options:`: a world was found consistent with the
 * facts at these (the population's size, the months, the replications and their seeds), so the commands that run an
 * ensemble run at them unless told otherwise. Each is undefined when the file does not record it.
 */
export interface MatchedSettings {
  readonly agents?: number;
  readonly reps?: number;
  readonly seed?: number;
  /** The first and last month simulated, YYYY-MM. */
  readonly start?: string;
  readonly end?: string;
  /** The --set overrides of the match. */
  readonly set?: readonly string[];
}

/** What an ensemble file says besides its members: how it was made. */
export interface EnsembleProvenance {
  /** Comment lines at the top (without `# `). */
  readonly header: readonly string[];
  /** The scenario the members were matched for, relative to the ensemble file's directory. */
  readonly scenario: string;
  /** The targets file, relative to the ensemble file's directory. */
  readonly targets: string;
  /** Options the runs used (--agents, --reps, --seed, --months, --set). */
  readonly options: Readonly<Record<string, unknown>>;
  readonly free: readonly { readonly path: string; readonly low: number; readonly high: number }[];
}

/** The text of an ensemble file: the provenance, then one flow mapping per member. */
export function ensembleYaml(provenance: EnsembleProvenance, members: readonly ReadonlyMap<string, number>[]): string {
  const head = provenance.header.map((l) => `# ${l}\n`).join('');
  const body = stringify(
    {
      scenario: provenance.scenario,
      targets: provenance.targets,
      options: provenance.options,
      free: provenance.free.map((f) => ({ path: f.path, low: f.low, high: f.high })),
    },
    { lineWidth: 0 },
  );
  const list = members.length === 0 ? 'members: []\n' : `members:\n${members.map((m) => `  - {${[...m].map(([k, v]) => `${k}: ${String(v)}`).join(', ')}}\n`).join('')}`;
  return head + body + list;
}

/** Reads and checks an ensemble file; every problem is reported, in one ScenarioError. */
export async function loadEnsemble(file: string, flag = '--ensemble'): Promise<Ensemble> {
  let text: string;
  try {
    text = await readInputText(file);
  } catch (err) {
    throw new ScenarioError({ file, path: '', message: `cannot read the ensemble file (${flag}): ${readError(err)}` });
  }
  const source = parseYamlMapping(file, text, 'an ensemble: a mapping with a list of members (members: [{path: value, ...}, ...])');
  const raw = source.data['members'];
  if (raw === undefined) throw new ScenarioError({ file, path: 'members', line: 1, message: 'missing: an ensemble lists its parameter sets under members:' });
  if (!Array.isArray(raw)) throw new ScenarioError({ ...keyLocation(source, ['members']), message: 'expected a list of parameter sets' });
  if (raw.length === 0) throw new ScenarioError({ ...keyLocation(source, ['members']), message: 'the ensemble has no members: no parameter set was found consistent with the facts' });

  const problems: ScenarioProblem[] = [];
  const members: EnsembleMember[] = [];
  let paths: string[] | undefined;
  raw.forEach((m: unknown, i) => {
    const at = (key?: string) => keyLocation(source, key === undefined ? ['members', String(i)] : ['members', String(i), key]);
    if (typeof m !== 'object' || m === null || Array.isArray(m) || Object.keys(m).length === 0) {
      problems.push({ ...at(), message: 'expected a mapping of parameter paths to numbers, e.g. {decision.intercept: -7.4}' });
      return;
    }
    const values = new Map<string, number>();
    for (const [path, value] of Object.entries(m as Record<string, unknown>)) {
      const unknown = unknownPathMessage(path);
      const info = unknown === undefined ? parameterAt(path) : undefined;
      if (unknown !== undefined) problems.push({ ...at(path), message: unknown });
      else if (!info || !NUMERIC_TYPES.has(info.type)) problems.push({ ...at(path), message: `${path} is not a numeric parameter; an ensemble sets numbers` });
      else if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ ...at(path), message: `expected a number, got ${JSON.stringify(value)}` });
      else values.set(path, value);
    }
    const keys = Object.keys(m as Record<string, unknown>);
    if (paths === undefined) paths = keys;
    else if (keys.length !== paths.length || keys.some((k) => !paths!.includes(k))) {
      problems.push({ ...at(), message: `every member sets the same parameters (${paths.join(', ')}); this one sets ${keys.join(', ')}` });
    }
    members.push({ member: i + 1, values, line: at().line });
  });
  const matched = matchedSettings(source, problems);
  if (problems.length > 0) throw new ScenarioError(problems);
  return { file, paths: paths!, members, ...(matched ? { matched } : {}) };
}

/** The `options:` of an ensemble file, checked (each problem added to `problems`); undefined when it records none. */
function matchedSettings(source: YamlMapping, problems: ScenarioProblem[]): MatchedSettings | undefined {
  const options = source.data['options'];
  if (options === undefined || options === null) return undefined;
  const at = (key?: string) => keyLocation(source, key === undefined ? ['options'] : ['options', key]);
  if (typeof options !== 'object' || Array.isArray(options)) {
    problems.push({ ...at(), message: 'expected a mapping of the settings the members were matched at (agents, reps, seed, start, end, set)' });
    return undefined;
  }
  const o = options as Record<string, unknown>;
  const whole = (key: 'agents' | 'reps' | 'seed', min: number): number | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isInteger(v) && v >= min) return v;
    problems.push({ ...at(key), message: `expected a whole number${min > 0 ? ` of at least ${min}` : ' (0 or more)'}, got ${JSON.stringify(v)}` });
    return undefined;
  };
  const month = (key: 'start' | 'end'): string | undefined => {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && MONTH_PATTERN.test(v)) return v;
    problems.push({ ...at(key), message: `expected a month YYYY-MM, got ${JSON.stringify(v)}` });
    return undefined;
  };
  let set: string[] | undefined;
  if (o['set'] !== undefined) {
    if (Array.isArray(o['set']) && o['set'].every((x): x is string => typeof x === 'string')) set = o['set'];
    else problems.push({ ...at('set'), message: 'expected a list of path=value overrides' });
  }
  const settings: MatchedSettings = {
    ...defined('agents', whole('agents', 1)),
    ...defined('reps', whole('reps', 1)),
    ...defined('seed', whole('seed', 0)),
    ...defined('start', month('start')),
    ...defined('end', month('end')),
    ...defined('set', set),
  };
  if (settings.start !== undefined && settings.end !== undefined && settings.end < settings.start) {
    problems.push({ ...at('end'), message: `ends (${settings.end}) before it starts (${settings.start})` });
  }
  return Object.keys(settings).length > 0 ? settings : undefined;
}

/** `{ key: value }` when the value is defined, else nothing: optional fields without `undefined` in them. */
function defined<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
