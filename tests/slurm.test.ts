// `--executor slurm` on a real SLURM cluster: the single-node cluster of scripts/slurm-single-node.sh, which .ci/run
// starts before the tests. Skipped, with a line saying so, where sbatch cannot answer (not installed, or no cluster configured).
import { execFileSync, spawnSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, requireBuild, ROOT, start, tempDir, writeText, type Ran } from './support/cli.js';
import { needs } from './support/system.js';

const HAS_SBATCH = needs('slurm-wlm', import.meta.url);

const SCENARIO = join(ROOT, 'scenarios', 'test-small.yaml');
/** 20 points × 3 reps, small runs; 6 array tasks of 10 runs on the node's CPUs. */
const SWEEP = ['sweep', SCENARIO, '--param', 'platform.popularity=0.5:2:20', '--reps', '3', '--agents', '400', '--months', '24', '--no-plot', '--quiet'];
const SLURM = ['--executor', 'slurm', '--chunk', '10'];
/** Chunks small enough that the array has at least 3 tasks per CPU of the node: some wait while others run. */
const QUEUED = ['--executor', 'slurm', '--chunk', String(Math.max(1, Math.floor(60 / (3 * availableParallelism()))))];
/** Poll the cluster often, and resubmit the runs of a vanished task after 1 s (a cancelled pending task vanishes from squeue). */
const ENV = { HOMEWARD_SLURM_POLL: '0.3', HOMEWARD_SLURM_GRACE: '1' };
const NODE = hostname().split('.')[0]!;
const OUTPUTS = ['sweep.csv', 'points.csv', 'scenario.json', 'design.json'];

function homeward(args: readonly string[]): { done: Promise<Ran>; stderr: () => string } {
  const run = start(args, ROOT, ENV);
  let stderr = '';
  run.child.stderr?.on('data', (d: string) => (stderr += d));
  return { done: run.done, stderr: () => stderr };
}

async function until<T>(what: string, get: () => Promise<T | undefined> | T | undefined, seconds = 60): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const jobOf = (stderr: string) => /submitted job (\d+)/.exec(stderr)?.[1];

async function resultCount(out: string): Promise<number> {
  const names = await readdir(join(out, '.test-small-sweep.slurm', 'results')).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.run') && !n.startsWith('.')).length;
}

/** Active tasks of a job, per squeue. */
function activeTasks(job: string): string[] {
  const out = execFileSync('squeue', ['--noheader', '--array', `--jobs=${job}`, '--format=%i|%T'], { encoding: 'utf8' });
  return out.split('\n').filter((l) => /\|(PENDING|RUNNING|COMPLETING|CONFIGURING)$/.test(l.trim()));
}

async function expectSameOutputs(a: string, b: string): Promise<void> {
  for (const file of OUTPUTS) {
    const [x, y] = await Promise.all([readFile(join(a, 'test-small-sweep', file)), readFile(join(b, 'test-small-sweep', file))]);
    expect(x.equals(y), `${file} differs`).toBe(true);
  }
  // The work directory is removed once the outputs are committed.
  await expect(stat(join(b, '.test-small-sweep.slurm'))).rejects.toThrow();
}

describe.skipIf(!HAS_SBATCH)('--executor slurm on the single-node cluster', () => {
  let dir: string;
  let local: string;

  beforeAll(async () => {
    requireBuild();
    dir = await tempDir();
    local = join(dir, 'local');
    const ran = await start([...SWEEP, '--out', local]).done;
    expect(ran.code, ran.stderr).toBe(0);
  }, 60_000);

  afterAll(async () => {
    spawnSync('scontrol', ['update', `nodename=${NODE}`, 'state=resume']); // in case the drain test failed midway
    await removeDir(dir);
  });

  it('a sweep of 20 points × 3 reps gives the bytes of --executor local', async () => {
    const out = join(dir, 'same');
    const run = homeward([...SWEEP, ...SLURM, '--out', out]);
    const ran = await run.done;
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe(join(out, 'test-small-sweep'));
    expect(ran.stderr).toMatch(/submitted job \d+ to SLURM \(6 array tasks of up to 10 runs, 60 runs\)/);
    await expectSameOutputs(local, out);
  }, 120_000);

  it('run --executor slurm: the replications as an array, the bytes of --executor local', async () => {
    // The same runner as every other command (src/cli/runner.ts): its work directory is named for the run's output.
    const RUN = ['run', SCENARIO, '--reps', '4', '--agents', '400', '--months', '24', '--no-plot', '--quiet'];
    const here = await start([...RUN, '--out', join(dir, 'run-local')]).done;
    expect(here.code, here.stderr).toBe(0);
    const out = join(dir, 'run-slurm');
    const ran = await homeward([...RUN, '--executor', 'slurm', '--chunk', '2', '--out', out]).done;
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toMatch(/submitted job \d+ to SLURM \(2 array tasks of up to 2 runs, 4 runs\)/);
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe(join(out, 'test-small'));
    for (const file of ['timeseries.csv', 'creators.csv', 'summary.csv', 'scenario.json']) {
      const [x, y] = await Promise.all([readFile(join(dir, 'run-local', 'test-small', file)), readFile(join(out, 'test-small', file))]);
      expect(x.equals(y), `${file} differs`).toBe(true);
    }
    await expect(stat(join(out, '.test-small.slurm'))).rejects.toThrow();
  }, 120_000);

  it('resubmits the runs of a cancelled array task, and the outputs are still the same', async () => {
    const out = join(dir, 'cancelled');
    const run = homeward([...SWEEP, ...QUEUED, '--out', out]);
    const job = await until('the submission', () => jobOf(run.stderr()));
    // Task 5 waits behind the tasks that run (at least 3 tasks per CPU): cancel it while the array runs. A pending
    // task cancelled vanishes from squeue.
    execFileSync('scancel', [`${job}_5`]);
    const ran = await run.done;
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toMatch(new RegExp(`task 5 of job ${job} ended \\(no longer in squeue\\) with \\d+ runs? unfinished: resubmitted as job \\d+ \\(1 array task`));
    await expectSameOutputs(local, out);
  }, 120_000);

  it('--submit-only returns after submitting; the same command run again collects the results', async () => {
    const out = join(dir, 'later');
    const first = await homeward([...SWEEP, ...SLURM, '--out', out, '--submit-only']).done;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^submitted to SLURM: job (\d+), 0 of 60 runs finished; .*Run the same command again/);
    await expect(stat(join(out, 'test-small-sweep'))).rejects.toThrow();
    const job = /job (\d+)/.exec(first.stdout)![1]!;
    await until('the job to end', () => (activeTasks(job).length === 0 ? true : undefined), 120);
    expect(await resultCount(out)).toBe(60);

    const second = await homeward([...SWEEP, ...SLURM, '--out', out]).done;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/submitted/); // everything was finished: nothing to run
    await expectSameOutputs(local, out);
  }, 180_000);

  it('waits while the node is drained, says so, and finishes once it is resumed', async () => {
    const out = join(dir, 'drained');
    const run = homeward([...SWEEP, ...QUEUED, '--out', out]);
    try {
      await until('a first result', async () => ((await resultCount(out)) > 0 ? true : undefined));
      execFileSync('scontrol', ['update', `nodename=${NODE}`, 'state=drain', 'reason=homeward-test']);
      await until('the note on the drained node', () => (run.stderr().includes('unavailable node') ? true : undefined));
      expect(run.stderr()).toMatch(new RegExp(`waiting: \\d tasks? pending \\(Nodes required for job are DOWN, DRAINED.*\\); unavailable node: ${NODE} \\((drained|draining): homeward-test\\)`));
    } finally {
      execFileSync('scontrol', ['update', `nodename=${NODE}`, 'state=resume']);
    }
    const ran = await run.done;
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toMatch(/the waiting tasks can start again/);
    expect(ran.stderr).not.toMatch(/resubmitted/); // a drained node does not lose its tasks
    await expectSameOutputs(local, out);
  }, 180_000);

  it('bad sbatch options: exit 2 with sbatch’s message, located at the flag', async () => {
    const bogus = await homeward([...SWEEP, ...SLURM, '--out', join(dir, 'bad'), '--sbatch-option=--bogus']).done;
    expect(bogus.code).toBe(2);
    expect(bogus.stderr).toMatch(/^error: --sbatch-option=--bogus: sbatch refused the job array: sbatch: unrecognized option '--bogus'/);
    const partition = await homeward([...SWEEP, ...SLURM, '--out', join(dir, 'bad'), '--partition', 'nope']).done;
    expect(partition.code).toBe(2);
    expect(partition.stderr).toMatch(/^error: --partition nope: sbatch refused the job array: .*invalid partition/i);
    const time = await homeward([...SWEEP, ...SLURM, '--out', join(dir, 'bad'), '--time', 'soon']).done;
    expect(time.code).toBe(2);
    expect(time.stderr).toMatch(/^error: --time soon: sbatch refused the job array: sbatch: error: Invalid --time specification/);
    const local = await homeward([...SWEEP, '--out', join(dir, 'bad'), '--partition', 'debug']).done;
    expect(local.code).toBe(2);
    expect(local.stderr).toMatch(/^error: --partition: for --executor slurm only/);
  }, 60_000);

  it("takes the settings from the scenario's executor.slurm block, flags over it; changing it keeps the runs", async () => {
    // Held jobs (--hold) stay queued, so what SLURM was asked for can be read back before anything runs.
    const file = join(dir, 'cluster.yaml');
    const block = (time: string) =>
      writeText(dir, 'cluster.yaml', `name: test-small\nextends: ${SCENARIO}\nexecutor:\n  slurm:\n    partition: debug\n    time: ${time}\n    mem: 100M\n    chunk: 7\n    sbatch_options: [--hold, --comment=homeward-test]\n`);
    await block('7');
    const args = SWEEP.map((a) => (a === SCENARIO ? file : a));
    const show = (job: string) => execFileSync('scontrol', ['show', 'job', job], { encoding: 'utf8' });
    const out = join(dir, 'scenario-settings');
    const jobs: string[] = [];
    try {
      const first = homeward([...args, '--executor', 'slurm', '--submit-only', '--out', out]);
      const submitted = await first.done;
      expect(submitted.code, submitted.stderr).toBe(0);
      const job = /job (\d+)/.exec(submitted.stdout)![1]!;
      jobs.push(job);
      expect(first.stderr()).toMatch(/submitted job \d+ to SLURM \(9 array tasks of up to 7 runs, 60 runs\)/);
      const script = await readFile(join(out, '.test-small-sweep.slurm', 'submissions', '0.sh'), 'utf8');
      expect(script).toMatch(/^# submitted with: sbatch '--array=0-8' .* '--partition=debug' '--time=7' '--mem=100M' '--cpus-per-task=1' '--hold' '--comment=homeward-test' /m);
      const asked = show(job);
      for (const field of ['Partition=debug', 'TimeLimit=00:07:00', 'MinMemoryNode=100M', 'Comment=homeward-test', 'Reason=JobHeldUser']) expect(asked).toContain(field);

      // Flags win over the scenario's keys.
      const flagged = homeward([...args, '--executor', 'slurm', '--time', '5', '--chunk', '20', '--submit-only', '--out', join(dir, 'flag-settings')]);
      const overridden = await flagged.done;
      expect(overridden.code, overridden.stderr).toBe(0);
      jobs.push(/job (\d+)/.exec(overridden.stdout)![1]!);
      expect(flagged.stderr()).toMatch(/\(3 array tasks of up to 20 runs, 60 runs\)/);
      expect(show(jobs[1]!)).toContain('TimeLimit=00:05:00');
      expect(show(jobs[1]!)).toContain('MinMemoryNode=100M');

      // A longer time limit in the scenario changes no run: the same command collects the job it submitted.
      await block('9');
      execFileSync('scontrol', ['release', job]);
      const collected = await homeward([...args, '--executor', 'slurm', '--out', out]).done;
      expect(collected.code, collected.stderr).toBe(0);
      expect(collected.stderr).toMatch(new RegExp(`job ${job} from an earlier start is still queued or running`));
      expect(collected.stderr).not.toMatch(/submitted job/);
      await expectSameOutputs(local, out);
    } finally {
      spawnSync('scancel', jobs);
    }
  }, 120_000);

  it("sbatch's refusal of a setting from the scenario names its file and key", async () => {
    const file = await writeText(dir, 'nope.yaml', `name: test-small\nextends: ${SCENARIO}\nexecutor:\n  slurm:\n    partition: nope\n`);
    const ran = await homeward([...SWEEP.map((a) => (a === SCENARIO ? file : a)), ...SLURM, '--out', join(dir, 'bad')]).done;
    expect(ran.code).toBe(2);
    expect(ran.stderr.startsWith(`error: ${file}: executor.slurm.partition nope: sbatch refused the job array: `), ran.stderr).toBe(true);
    expect(ran.stderr).toMatch(/invalid partition/i);
  }, 60_000);

  it('calibrate submits one array per batch of evaluations, with the bytes of local', async () => {
    const targets = join(ROOT, 'scenarios', 'targets', 'qingyang.yaml');
    const args = ['calibrate', SCENARIO, '--targets', targets, '--free', 'decision.intercept=-9:-6', '--budget', '6', '--agents', '400', '--reps', '2', '--quiet'];
    const a = await start([...args, '--out', join(dir, 'cal-local')]).done;
    const b = await homeward([...args, '--executor', 'slurm', '--out', join(dir, 'cal-slurm')]).done;
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout.replaceAll(join(dir, 'cal-local'), join(dir, 'cal-slurm')));
    expect(b.stderr.match(/submitted job/g)?.length).toBeGreaterThan(1);
    for (const file of ['trace.csv', 'best-check.csv', 'best.yaml']) {
      expect(await readFile(join(dir, 'cal-slurm', 'test-small-calibrate', file), 'utf8')).toBe(await readFile(join(dir, 'cal-local', 'test-small-calibrate', file), 'utf8'));
    }
  }, 60_000);

  it('check runs its replications as one array, with the bytes of local', async () => {
    const targets = join(ROOT, 'scenarios', 'targets', 'qingyang.yaml');
    const args = ['check', SCENARIO, '--targets', targets, '--agents', '400', '--reps', '3', '--no-plot', '--quiet'];
    const a = await start([...args, '--out', join(dir, 'check-local')]).done;
    const b = await homeward([...args, '--executor', 'slurm', '--out', join(dir, 'check-slurm')]).done;
    expect(b.stderr).toMatch(/submitted job \d+ to SLURM \(1 array task of up to 4 runs, 3 runs\)/);
    expect(b.code).toBe(a.code);
    for (const file of ['check.csv', 'check.json', 'scenario.json']) {
      expect(await readFile(join(dir, 'check-slurm', 'test-small-check', file), 'utf8')).toBe(await readFile(join(dir, 'check-local', 'test-small-check', file), 'utf8'));
    }
  }, 60_000);
  it('search submits one array per generation, and its front is the bytes of local', async () => {
    const args = ['search', SCENARIO, '--lever', 'policies.training.seats=0:3000', '--lever', 'policies.outreach.calls=0:6000', '--maximise', 'returned_stock_end', '--minimise', 'gov_spending_total'];
    const small = ['--population', '4', '--generations', '1', '--agents', '300', '--months', '12', '--reps', '2', '--no-plot', '--quiet'];
    const a = await start([...args, ...small, '--out', join(dir, 'search-local')]).done;
    expect(a.code, a.stderr).toBe(0);
    const b = await homeward([...args, ...small, '--executor', 'slurm', '--out', join(dir, 'search-slurm')]).done;
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/submitted job \d+ to SLURM/);
    for (const file of ['front.csv', 'history.csv', 'candidates.csv', 'search.json']) {
      expect(await readFile(join(dir, 'search-slurm', 'test-small-search', file), 'utf8'), file).toBe(await readFile(join(dir, 'search-local', 'test-small-search', file), 'utf8'));
    }
  }, 180_000);
});
