import { execFile } from 'node:child_process';

/**
 * The SLURM commands homeward uses, and nothing else of SLURM: sbatch submits a job array, squeue tells the state
 * of its tasks, scancel cancels, sinfo names drained nodes. No accounting database is needed (sacct is not used:
 * a single-node cluster, and many small ones, run without slurmdbd), so a task that squeue no longer lists (finished
 * jobs are kept MinJobAge seconds, 300 by default) counts as ended, and its result files tell whether it finished.
 */

/** An array task as squeue shows it. */
export interface TaskState {
  /** PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, PREEMPTED, NODE_FAIL, TIMEOUT, OUT_OF_MEMORY, ... */
  readonly state: string;
  /** Why a pending task waits (Resources, Priority, ReqNodeNotAvail...), `None` otherwise. */
  readonly reason: string;
}

/** States in which a task may still write results. */
const ACTIVE = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_FED', 'REQUEUE_HOLD', 'RESIZING', 'SIGNALING', 'STAGE_OUT', 'STOPPED', 'RESV_DEL_HOLD']);

export function isActive(state: string): boolean {
  return ACTIVE.has(state);
}

/** sbatch refused the job: its own message. */
export class SbatchRefused extends Error {}

/** A SLURM command could not be run or answered with an error that may pass (the controller busy or restarting). */
export class SlurmUnavailable extends Error {}

export interface Slurm {
  /** Submits with sbatch's arguments; returns the job id. */
  submit(args: readonly string[]): Promise<string>;
  /** The array tasks of the jobs that the controller still knows, by `<job>_<task>`. */
  tasks(jobs: readonly string[]): Promise<ReadonlyMap<string, TaskState>>;
  cancel(jobs: readonly string[]): Promise<void>;
  /** Nodes drained, draining or down, each as `<node> (<state>: <reason>)`. */
  unavailableNodes(): Promise<string[]>;
}

interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(new SlurmUnavailable(err.code === 'ENOENT' ? `${command} not found: is this a SLURM login node? (see README, "Running on a cluster")` : `${command}: ${err.message}`));
      } else resolve({ code: typeof err?.code === 'number' ? err.code : 0, stdout, stderr });
    });
  });
}

/** Messages of a controller that cannot be reached now; a submission that fails so is tried again later. */
const TRANSIENT = /unable to contact slurm controller|socket timed out|zero bytes were transmitted|connection refused|temporarily unavailable|slurmctld.*not responding/i;

export const slurmCommands: Slurm = {
  async submit(args) {
    const { code, stdout, stderr } = await run('sbatch', ['--parsable', ...args]);
    const message = (stderr.trim() || stdout.trim()).split('\n').filter((l) => !/^Try "sbatch --help"/.test(l)).join('\n');
    if (code !== 0) throw TRANSIENT.test(message) ? new SlurmUnavailable(message) : new SbatchRefused(message);
    // --parsable prints "<job id>" or "<job id>;<cluster>".
    const job = stdout.trim().split('\n').at(-1)?.split(';')[0] ?? '';
    if (!/^\d+$/.test(job)) throw new SlurmUnavailable(`sbatch printed no job id: ${JSON.stringify(stdout.trim())}`);
    return job;
  },

  async tasks(jobs) {
    const found = new Map<string, TaskState>();
    if (jobs.length === 0) return found;
    const { code, stdout, stderr } = await run('squeue', ['--noheader', '--array', '--states=all', `--jobs=${jobs.join(',')}`, '--format=%i|%T|%r']);
    // Every job forgotten by the controller: squeue fails with "Invalid job id" instead of listing nothing.
    if (code !== 0 && /invalid job id/i.test(stderr)) return found;
    if (code !== 0) throw new SlurmUnavailable(`squeue: ${stderr.trim()}`);
    for (const line of stdout.split('\n')) {
      const [id, state, reason] = line.trim().split('|');
      if (id && state && /^\d+_\d+$/.test(id)) found.set(id, { state, reason: reason ?? '' });
    }
    return found;
  },

  async cancel(jobs) {
    if (jobs.length > 0) await run('scancel', [...jobs]);
  },

  async unavailableNodes() {
    const { code, stdout } = await run('sinfo', ['--noheader', '--Node', '--format=%N|%T|%E']);
    if (code !== 0) return [];
    const nodes = new Set<string>();
    for (const line of stdout.split('\n')) {
      const [node, state, reason] = line.trim().split('|');
      if (node && state && /drain|down|fail|maint|unknown|not_responding/i.test(state)) nodes.add(`${node} (${state}${reason && reason !== 'none' ? `: ${reason}` : ''})`);
    }
    return [...nodes];
  },
};
