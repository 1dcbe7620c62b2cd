import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadCount, threadsWithin, type Evaluator } from '../engine/evaluator.js';
import { ThreadEvaluator } from '../engine/thread-evaluator.js';
import type { SbatchSetting, SbatchSettings } from '../executor/sbatch.js';
import { SlurmEvaluator } from '../executor/slurm-evaluator.js';
import { definition, type CreatorSnapshot } from '../model/definition.js';
import { UsageError } from '../scenario/errors.js';
import type { ExecutorSettings } from '../scenario/schema.js';

/**
 * Where a simulating command's runs execute (`--executor local|slurm`), shared by every simulating command: spread
 * EXECUTOR_OPTIONS into its yargs options and pass executorArgs(argv) on to the command; the command runner
 * (runner.ts) takes the evaluator from evaluatorFor() and calls its finish() once the outputs are committed. The
 * SLURM settings the flags do not give come from the scenario's `executor.slurm` block.
 */
export const EXECUTOR_OPTIONS = {
  executor: { choices: ['local', 'slurm'] as const, default: 'local' as const, describe: 'Where the runs execute: worker threads on this machine, or SLURM job arrays (README, "Running on a cluster")' },
  partition: { type: 'string', requiresArg: true, describe: 'slurm: the partition (sbatch --partition)' },
  time: { type: 'string', requiresArg: true, describe: 'slurm: time limit of one array task (sbatch --time), e.g. 2:00:00' },
  mem: { type: 'string', requiresArg: true, describe: 'slurm: memory of one array task (sbatch --mem), e.g. 4G' },
  'cpus-per-task': { type: 'number', requiresArg: true, describe: 'slurm: CPUs of one array task, its worker threads [default: 1]' },
  'sbatch-option': { type: 'string', requiresArg: true, describe: 'slurm: another sbatch option (repeatable), written with "=": --sbatch-option=--account=abc' },
  chunk: { type: 'number', requiresArg: true, describe: 'slurm: runs per array task [default: 4 × --cpus-per-task]' },
  'submit-only': { type: 'boolean', default: false, describe: 'slurm: submit the runs and return; the same command run again collects them' },
} as const;

/** Parsed values of EXECUTOR_OPTIONS. */
export interface ExecutorArgv {
  readonly executor: 'local' | 'slurm';
  readonly partition?: string;
  readonly time?: string;
  readonly mem?: string;
  readonly 'cpus-per-task'?: number;
  readonly 'sbatch-option'?: string | string[];
  readonly chunk?: number;
  readonly 'submit-only': boolean;
}

/** The SLURM flags as a command takes them. */
export interface SlurmFlags {
  readonly partition?: string;
  readonly time?: string;
  readonly mem?: string;
  readonly cpusPerTask?: number;
  readonly sbatchOptions: readonly string[];
  readonly chunk?: number;
  readonly submitOnly: boolean;
}

/** What a command takes of EXECUTOR_OPTIONS. */
export interface ExecutorArgs {
  readonly executor?: 'local' | 'slurm';
  readonly slurm?: SlurmFlags;
}

/** EXECUTOR_OPTIONS as a command takes them; a SLURM flag with the local executor is a usage error. */
export function executorArgs(a: ExecutorArgv): ExecutorArgs {
  const extra = a['sbatch-option'] === undefined ? [] : Array.isArray(a['sbatch-option']) ? a['sbatch-option'] : [a['sbatch-option']];
  const slurmOnly = (['partition', 'time', 'mem', 'cpus-per-task', 'chunk'] as const).filter((k) => a[k] !== undefined).map((k) => `--${k}`);
  if (extra.length > 0) slurmOnly.push('--sbatch-option');
  if (a['submit-only']) slurmOnly.push('--submit-only');
  if (a.executor === 'local') {
    if (slurmOnly.length > 0) throw new UsageError(`${slurmOnly.join(', ')}: for --executor slurm only`);
    return { executor: 'local' };
  }
  for (const k of ['cpus-per-task', 'chunk'] as const) {
    const v = a[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new UsageError(`--${k} must be a whole number >= 1, got ${v}`);
  }
  for (const option of extra) {
    if (!option.startsWith('-')) throw new UsageError(`--sbatch-option=${option}: expected an sbatch option, e.g. --sbatch-option=--account=abc`);
  }
  return {
    executor: 'slurm',
    slurm: { partition: a.partition, time: a.time, mem: a.mem, cpusPerTask: a['cpus-per-task'], sbatchOptions: extra, chunk: a.chunk, submitOnly: a['submit-only'] },
  };
}

/** An evaluator of a command; finish() after the command's outputs are committed (removes a SLURM work directory). */
export type CommandEvaluator = Evaluator<CreatorSnapshot> & { finish(): Promise<void> };

/** What the evaluator is for: the command's output location and name (its work directory), its runs, its threads. */
export interface EvaluatorUse {
  readonly out: string;
  readonly name: string;
  /** Runs of the largest batch (local threads are never more). */
  readonly tasks: number;
  /** --threads (local). */
  readonly threads?: number;
  /** Discard an interrupted command's work (sweep --fresh). */
  readonly fresh?: boolean;
  /** The scenario file (the first of a comparison) and its `executor` block as the command's plan loaded it (with --set). */
  readonly executor: { readonly file: string; readonly settings: ExecutorSettings };
}

/**
 * The SLURM settings of a command: each flag given wins over the same key of the scenario's `executor.slurm` block
 * (`--sbatch-option` replaces its whole `sbatch_options`, as `--param` replaces a sweep block's params); a setting
 * taken from the block is named by its key in messages (an sbatch refusal).
 */
export function slurmSettings(flags: SlurmFlags, block: ExecutorSettings['slurm'], file: string): { readonly sbatch: SbatchSettings; readonly chunk?: number } {
  const from: Partial<Record<SbatchSetting, string>> = {};
  const pick = <T>(flag: T | undefined, own: T | undefined, setting: SbatchSetting, key: string): T | undefined => {
    if (flag !== undefined || own === undefined) return flag;
    from[setting] = `${file}: executor.slurm.${key}`;
    return own;
  };
  const own = block.sbatch_options ?? [];
  const ownOptions = flags.sbatchOptions.length === 0 && own.length > 0;
  if (ownOptions) from.extra = `${file}: executor.slurm.sbatch_options`;
  const sbatch: SbatchSettings = {
    partition: pick(flags.partition, block.partition, 'partition', 'partition'),
    time: pick(flags.time, block.time, 'time', 'time'),
    mem: pick(flags.mem, block.mem, 'mem', 'mem'),
    cpusPerTask: pick(flags.cpusPerTask, block.cpus_per_task, 'cpusPerTask', 'cpus_per_task') ?? 1,
    extra: ownOptions ? own : flags.sbatchOptions,
    from,
  };
  return { sbatch, chunk: flags.chunk ?? block.chunk };
}

/** Seconds from an environment variable (tests shorten SLURM's polling), or the default. */
function seconds(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return process.env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value * 1000 : fallback * 1000;
}

/**
 * The evaluator `--executor` asks for: worker threads here, or SLURM job arrays working in `<out>/.<name>.slurm/`,
 * with the flags over the scenario's `executor.slurm` block (as the command's plan loaded it with the scenario).
 */
export async function evaluatorFor(args: ExecutorArgs, use: EvaluatorUse): Promise<CommandEvaluator> {
  if (args.executor !== 'slurm' || !args.slurm) {
    return Object.assign(new ThreadEvaluator(definition, threadCount(use.tasks, use.threads), undefined, threadsWithin(use.tasks, use.threads)), { finish: async () => {} });
  }
  if (use.threads !== undefined) throw new UsageError('--threads is for --executor local; with slurm, --cpus-per-task sets the threads of each array task');
  const { sbatch, chunk } = slurmSettings(args.slurm, use.executor.settings.slurm, use.executor.file);
  return new SlurmEvaluator(definition, {
    workdir: resolve(use.out, `.${use.name}.slurm`),
    // Array tasks start this same build with the same Node (the nodes must see both paths, as they see <out>).
    command: [process.execPath, fileURLToPath(new URL('./main.js', import.meta.url))],
    jobName: `homeward-${use.name}`,
    sbatch,
    chunk,
    submitOnly: args.slurm.submitOnly,
    fresh: use.fresh,
    pollMs: seconds('HOMEWARD_SLURM_POLL', 5),
    graceMs: seconds('HOMEWARD_SLURM_GRACE', 15),
    onNote: (text) => process.stderr.write(`slurm: ${text}\n`),
  });
}
