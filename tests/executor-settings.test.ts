// The scenario's `executor.slurm` block through the built program (the CLI for one exit 2 and the kill, in-process
// for the other refusals and the outputs), without a cluster: its values are checked like every scenario key (file, line, key path, exit 2), and it
// is a setting of the machine, not of the model: the outputs are the same bytes with it or without it, and changing it
// does not stop a command from resuming. tests/slurm.test.ts
// submits with it to the single-node cluster; tests/slurm-evaluator.test.ts holds how it merges with the flags.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeward, removeDir, requireBuild, ROOT, stopAt, tempDir, writeText } from './support/cli.js';
import { inProcess } from './support/in-process.js';

const TIMEOUT = 120_000;
const SMALL = join(ROOT, 'scenarios', 'test-small.yaml');
const SWEEP = ['--param', 'platform.popularity=0.5:2:4', '--agents', '400', '--months', '24', '--reps', '2', '--quiet', '--no-plot', '--threads', '1'];
const FILES = ['sweep.csv', 'points.csv', 'scenario.json', 'design.json'];

let dir: string;
beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

/** A scenario named `cluster` that extends test-small.yaml with the given executor block. */
const withBlock = (file: string, block: string) => writeText(dir, file, `name: cluster\nextends: ${SMALL}\nexecutor:\n  slurm:\n${block}`);

async function readAll(path: string): Promise<Record<string, string>> {
  return Object.fromEntries(await Promise.all(FILES.map(async (f) => [f, await readFile(join(path, f), 'utf8')] as const)));
}

describe('executor.slurm in a scenario file', { timeout: TIMEOUT }, () => {
  it('bad values: exit 2, one message per key with file, line and key path, before anything is submitted', async () => {
    const file = await withBlock('bad.yaml', '    time: soon\n    mem: 4 GB\n    cpus_per_task: 0\n    chunk: 2.5\n    sbatch_options: [account=lab]\n');
    const out = join(dir, 'bad-out');
    const ran = await homeward(['sweep', file, ...SWEEP.slice(0, -2), '--executor', 'slurm', '--out', out]); // no --threads with slurm
    expect(ran.code).toBe(2);
    expect(ran.stderr.trimEnd().split('\n')).toEqual([
      `error: ${file}:5: executor.slurm.time: expected a time limit as sbatch takes it: minutes (30), hours:minutes:seconds (2:00:00) or days-hours (1-0, 1-12:00:00), got "soon"`,
      `${file}:6: executor.slurm.mem: expected memory as sbatch takes it: a whole number with K, M, G or T (4G, 500M; megabytes without one), got "4 GB"`,
      `${file}:7: executor.slurm.cpus_per_task: must be at least 1, got 0`,
      `${file}:8: executor.slurm.chunk: expected a whole number, got 2.5`,
      `${file}:9: executor.slurm.sbatch_options.0: expected an sbatch option, e.g. --account=abc, got "account=lab"`,
    ]);
    expect(existsSync(out)).toBe(false);
    const set = await inProcess(['validate', SMALL, '--set', 'executor.slurm.time=2h']);
    expect(set.code).toBe(2);
    expect(set.stderr).toMatch(/^error: --set executor\.slurm\.time=2h: expected a time limit as sbatch takes it/);
  });

  it('accepts the forms sbatch takes: minutes as a number, h:mm:ss, days-hours, memory with a unit', async () => {
    for (const [time, mem] of [['30', '4000'], ['2:00:00', '4G'], ['1-0', '500M'], ['1-12:30:00', '1T']] as const) {
      const file = await withBlock('good.yaml', `    time: ${time}\n    mem: ${mem}\n    partition: short,long\n`);
      const ran = await inProcess(['validate', file]);
      expect(ran.code, `${time} ${mem}: ${ran.stderr}`).toBe(0);
    }
  });

  it('changes no output: a sweep writes the same bytes with the block as without it', async () => {
    const plain = await writeText(dir, 'plain.yaml', `name: cluster\nextends: ${SMALL}\n`);
    const block = await withBlock('block.yaml', '    partition: short\n    time: 1:00:00\n    mem: 2G\n    cpus_per_task: 4\n    chunk: 3\n    sbatch_options: [--account=lab]\n');
    for (const [file, out] of [[plain, 'plain-out'], [block, 'block-out']] as const) {
      const ran = await inProcess(['sweep', file, ...SWEEP, '--out', join(dir, out)]);
      expect(ran.code, ran.stderr).toBe(0);
    }
    expect(await readAll(join(dir, 'block-out', 'cluster-sweep'))).toEqual(await readAll(join(dir, 'plain-out', 'cluster-sweep')));
    expect(await readFile(join(dir, 'block-out', 'cluster-sweep', 'scenario.json'), 'utf8')).not.toMatch(/executor|slurm/);
  });

  it('may change between an interrupted sweep and its resumption (it is not part of the manifest)', async () => {
    const out = join(dir, 'resumed');
    const before = await withBlock('resume.yaml', '    time: 30\n');
    await stopAt(['sweep', before, ...SWEEP, '--out', out], 'simulating', 'SIGKILL');
    expect((await readdir(join(out, '.cluster-sweep.partial'))).filter((f) => f.endsWith('.row')).length).toBeGreaterThanOrEqual(1);
    await withBlock('resume.yaml', '    time: 2:00:00\n    mem: 8G\n'); // a longer limit, as after a TIMEOUT
    const again = await inProcess(['sweep', before, ...SWEEP, '--out', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(await readAll(join(out, 'cluster-sweep'))).toEqual(await readAll(join(dir, 'plain-out', 'cluster-sweep')));
  });

  it('cannot be swept, varied or calibrated', async () => {
    const ran = await inProcess(['sweep', SMALL, '--param', 'executor.slurm.chunk=1,2', '--out', join(dir, 'no')]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/executor\.slurm\.chunk cannot be swept: the executor block says where the runs execute, not what they simulate/);
    const varied = await inProcess(['sensitivity', SMALL, '--param', 'executor.slurm.chunk=1:5', '--out', join(dir, 'no')]);
    expect(varied.code).toBe(2);
    expect(varied.stderr).toMatch(/executor\.slurm\.chunk cannot be varied: the executor block says where the runs execute, not what they simulate/);
    const targets = join(ROOT, 'scenarios', 'targets', 'qingyang.yaml');
    const calibrated = await inProcess(['calibrate', SMALL, '--targets', targets, '--free', 'executor.slurm.chunk=1:5', '--out', join(dir, 'no')]);
    expect(calibrated.code).toBe(2);
    expect(calibrated.stderr).toMatch(/^error: --free executor\.slurm\.chunk=1:5: executor\.slurm\.chunk cannot be calibrated: the executor block says where the runs execute, not what they simulate$/m);
  });
});
