// `--executor slurm` on a real SLURM cluster: the single-node cluster of scripts/slurm-single-node.sh, which .ci/run
// starts before the tests. Skipped only where sbatch is not installed; with sbatch but no running cluster they fail.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, requireBuild, ROOT, start, tempDir, type Ran } from './support/cli.js';

const HAS_SBATCH = spawnSync('sbatch', ['--version']).status === 0;
if (!HAS_SBATCH) console.warn('tests/slurm.test.ts skipped: sbatch is not installed (apt-get install slurm-wlm munge; scripts/slurm-single-node.sh start)');

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
    expect(ran.stdout.trim()).toBe(join(out, 'test-small-sweep'));
    expect(ran.stderr).toMatch(/submitted job \d+ to SLURM \(6 array tasks of up to 10 runs, 60 runs\)/);
    await expectSameOutputs(local, out);
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
});
