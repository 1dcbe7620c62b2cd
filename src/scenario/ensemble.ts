import { readInputText } from './read-input.js';
import { stringify } from 'yaml';
import { NUMERIC_TYPES, parameterAt } from './describe.js';
import { ScenarioError, type ScenarioProblem } from './errors.js';
import { readError } from './load.js';
import { unknownPathMessage } from './overrides.js';
import { keyLocation, parseYamlMapping } from './yaml-file.js';

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
  /** The parameters every member sets, in the first member's order. */
  readonly paths: readonly string[];
  readonly members: readonly EnsembleMember[];
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
  if (problems.length > 0) throw new ScenarioError(problems);
  return { file, paths: paths!, members };
}
