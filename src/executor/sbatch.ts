import { UsageError } from '../scenario/errors.js';

/** What a job array asks of SLURM, from the command's flags (--partition, --time, --mem, --cpus-per-task, --sbatch-option). */
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
}

/** The flag of each setting, as the user gave it, with the sbatch option it becomes. */
function given(settings: SbatchSettings): { readonly flag: string; readonly arg: string; readonly words: RegExp }[] {
  const list: { flag: string; arg: string; words: RegExp }[] = [];
  if (settings.partition !== undefined) list.push({ flag: `--partition ${settings.partition}`, arg: `--partition=${settings.partition}`, words: /partition/i });
  if (settings.time !== undefined) list.push({ flag: `--time ${settings.time}`, arg: `--time=${settings.time}`, words: /\btime\b/i });
  if (settings.mem !== undefined) list.push({ flag: `--mem ${settings.mem}`, arg: `--mem=${settings.mem}`, words: /\bmem(ory)?\b/i });
  list.push({ flag: `--cpus-per-task ${settings.cpusPerTask}`, arg: `--cpus-per-task=${settings.cpusPerTask}`, words: /cpus?[- ]per[- ]task/i });
  for (const option of settings.extra) {
    const name = option.split('=')[0]!;
    list.push({ flag: `--sbatch-option=${option}`, arg: option, words: new RegExp(`${escape(name)}\\b|${escape(name.replace(/^-+/, ''))}`, 'i') });
  }
  return list;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The sbatch arguments of the settings. */
export function sbatchArgs(settings: SbatchSettings): string[] {
  return given(settings).map((g) => g.arg);
}

/**
 * sbatch's refusal as a usage error located at the flag it is about: the flag whose option or value sbatch's message
 * names (`--sbatch-option=--bogus: sbatch: unrecognized option '--bogus'`), or, when it names none, every flag that
 * went to sbatch.
 */
export function sbatchRefusal(message: string, settings: SbatchSettings): UsageError {
  const flags = given(settings);
  const named = flags.filter((f) => f.words.test(message) || message.includes(f.arg.split('=').slice(1).join('=') || f.arg));
  const blamed = named.length > 0 ? named : flags.filter((f) => !f.flag.startsWith('--cpus-per-task') || settings.cpusPerTask !== 1);
  const where = blamed.length > 0 ? blamed.map((f) => f.flag).join(', ') : 'sbatch';
  return new UsageError(`${where}: sbatch refused the job array: ${message.split('\n').join('; ')}`);
}

/** Single-quotes a word for /bin/sh. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
