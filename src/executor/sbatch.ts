import { UsageError } from '../scenario/errors.js';

/** The settings a job array asks of SLURM, by name. */
export type SbatchSetting = 'partition' | 'time' | 'mem' | 'cpusPerTask' | 'extra';

/**
 * What a job array asks of SLURM, from the command's flags (--partition, --time, --mem, --cpus-per-task,
 * --sbatch-option) or the scenario's `executor.slurm` block.
 */
export interface SbatchSettings {
  readonly partition?: string;
  /** Time limit of one array task, in sbatch's forms (`30`, `1:00:00`, `1-0`). */
  readonly time?: string;
  /** Memory of one array task (`4G`). */
  readonly mem?: string;
  /** CPUs of one array task: its runs go on that many worker threads. */
  readonly cpusPerTask: number;
  /** Further sbatch options, one argument each (`--account=abc`). */
  readonly extra: readonly string[];
  /**
   * Where the settings not given by their flags were given, for messages: `x.yaml: executor.slurm.time`. A setting
   * not named came from its flag (or is the default).
   */
  readonly from?: Readonly<Partial<Record<SbatchSetting, string>>>;
}

/** Each setting as the user gave it (its flag, or its key in the scenario), with the sbatch option it becomes. */
function given(settings: SbatchSettings): { readonly key: SbatchSetting; readonly flag: string; readonly arg: string; readonly words: RegExp }[] {
  const list: { key: SbatchSetting; flag: string; arg: string; words: RegExp }[] = [];
  const as = (key: SbatchSetting, flag: string, value: string) => (settings.from?.[key] !== undefined ? `${settings.from[key]} ${value}` : `${flag} ${value}`);
  if (settings.partition !== undefined) list.push({ key: 'partition', flag: as('partition', '--partition', settings.partition), arg: `--partition=${settings.partition}`, words: /partition/i });
  if (settings.time !== undefined) list.push({ key: 'time', flag: as('time', '--time', settings.time), arg: `--time=${settings.time}`, words: /\btime\b/i });
  if (settings.mem !== undefined) list.push({ key: 'mem', flag: as('mem', '--mem', settings.mem), arg: `--mem=${settings.mem}`, words: /\bmem(ory)?\b/i });
  list.push({ key: 'cpusPerTask', flag: as('cpusPerTask', '--cpus-per-task', String(settings.cpusPerTask)), arg: `--cpus-per-task=${settings.cpusPerTask}`, words: /cpus?[- ]per[- ]task/i });
  for (const option of settings.extra) {
    const name = option.split('=')[0]!;
    const flag = settings.from?.extra !== undefined ? `${settings.from.extra} ${option}` : `--sbatch-option=${option}`;
    list.push({ key: 'extra', flag, arg: option, words: new RegExp(`${escape(name)}\\b|${escape(name.replace(/^-+/, ''))}`, 'i') });
  }
  return list;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The sbatch arguments of the settings. */
export function sbatchArgs(settings: SbatchSettings): string[] {
  return given(settings).map((g) => g.arg);
}

/**
 * sbatch's refusal as a usage error located at the flag (or scenario key) it is about: the one whose option or value
 * sbatch's message names (`--sbatch-option=--bogus: sbatch: unrecognized option '--bogus'`), or, when it names none,
 * every setting that went to sbatch.
 */
export function sbatchRefusal(message: string, settings: SbatchSettings): UsageError {
  const flags = given(settings);
  const named = flags.filter((f) => f.words.test(message) || message.includes(f.arg.split('=').slice(1).join('=') || f.arg));
  const blamed = named.length > 0 ? named : flags.filter((f) => f.key !== 'cpusPerTask' || settings.cpusPerTask !== 1);
  const where = blamed.length > 0 ? blamed.map((f) => f.flag).join(', ') : 'sbatch';
  return new UsageError(`${where}: sbatch refused the job array: ${message.split('\n').join('; ')}`);
}

/** Single-quotes a word for /bin/sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
