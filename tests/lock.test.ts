// Locks on output and work directories: one writer at a time, the second refused with exit 2 naming the holder; a
// dead holder's lock taken over. The CLI contract (two processes) is tested through the CLI; the rest in-process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunDir } from '../src/output/atomic.js';
import { OutputError } from '../src/output/errors.js';
import { Lock } from '../src/output/lock.js';
import { homeward, removeDir, requireBuild, SMALL, start, tempDir } from './support/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

/** A lock file as another process would leave it. */
const lockOf = (pid: number) => JSON.stringify({ pid, command: 'homeward run x.yaml', started: '2026-01-01T00:00:00.000Z' }) + '\n';

/** The id of a process that has ended (its pid is then free, as a kill -9's is). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('Lock', () => {
  it('is held by one taker at a time, and free again once released', () => {
    const lock = Lock.acquire(dir, 'run');
    expect(() => Lock.acquire(dir, 'run')).toThrow(OutputError);
    lock.release();
    expect(existsSync(join(dir, '.run.lock'))).toBe(false);
    Lock.acquire(dir, 'run').release();
  });

  it('refuses a lock a running process holds, naming it', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeFile(join(dir, '.run.lock'), lockOf(sleeper.pid!));
      expect(() => Lock.acquire(dir, 'run')).toThrow(new RegExp(`${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/run is being written by another process: pid ${sleeper.pid} \\(homeward run x.yaml\\) since 2026-01-01`));
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it("takes over a dead holder's lock, and a lock file cut short", async () => {
    await writeFile(join(dir, '.run.lock'), lockOf(deadPid()));
    Lock.acquire(dir, 'run').release();
    await writeFile(join(dir, '.run.lock'), '{"pid": 1');
    Lock.acquire(dir, 'run').release();
    // Nothing of the takeover is left beside it.
    expect((await readdir(dir)).filter((n) => n.startsWith('.run.lock'))).toEqual([]);
  });

  it('takes over a lock of this process that an earlier command in it never released', async () => {
    await writeFile(join(dir, '.run.lock'), lockOf(process.pid));
    Lock.acquire(dir, 'run').release();
  });

  it('is taken by RunDir.create and given up by the commit or the discard', async () => {
    const a = new RunDir(dir, 'out');
    await a.create();
    await expect(new RunDir(dir, 'out').create()).rejects.toThrow(/is being written by another process: pid \d+/);
    await a.commit();
    const b = new RunDir(dir, 'out');
    await b.create();
    b.discardSync();
    const c = new RunDir(dir, 'out');
    await c.create();
    await c.commit();
    expect(await readdir(dir)).toEqual(['out']);
  });
});

describe('two commands writing one output directory', () => {
  it('one finishes (exit 0), the other is refused with exit 2 naming the holder, and the output is whole', async () => {
    requireBuild();
    const args = ['run', 'scenarios/test-small.yaml', ...SMALL, '--no-plot', '--threads', '1', '--out', dir];
    // The first holds while simulating (HOMEWARD_HOLD_AT), so the second starts while it writes, without timing.
    const first = start(args, undefined, { HOMEWARD_HOLD_AT: 'simulating' });
    try {
      await new Promise<void>((resolve, reject) => {
        let seen = '';
        first.child.stderr?.on('data', (d: string) => {
          seen += d;
          if (seen.includes('hold simulating\n')) resolve();
        });
        void first.done.then((r) => reject(new Error(`the first run ended before simulating: ${r.stderr}`)));
      });
      const second = await homeward(args);
      expect(second.code).toBe(2);
      expect(second.stderr).toMatch(new RegExp(`test-small is being written by another process: pid ${first.child.pid} \\(homeward run scenarios/test-small.yaml`));
      first.child.kill('SIGUSR2'); // let it go on
      const done = await first.done;
      expect(done.code, done.stderr).toBe(0);
      expect(existsSync(join(dir, 'test-small', 'summary.csv'))).toBe(true);
      expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
    } finally {
      first.child.kill('SIGKILL');
    }
  });
});
