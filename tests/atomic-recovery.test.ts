// The journaled commit of an output directory, recovered from every point where a kill -9 can stop it.
import { spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDir, prepareFile, recoverCommits, removeStaleTemps, RunDir, writeFileAtomic } from '../src/output/atomic.js';
import { processAlive } from '../src/output/process.js';
import { OutputError } from '../src/output/errors.js';
import { removeDir, tempDir } from './support/cli.js';

/** The id of a process that has exited (and so is not running). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const pid = Number(child.stdout);
  expect(processAlive(pid)).toBe(false);
  return pid;
}

async function dirWith(path: string, file: string, text: string): Promise<void> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, file), text);
}

describe('recovering commits of dead processes', () => {
  let root: string;
  let pid: number;
  beforeAll(async () => {
    root = await tempDir();
    pid = deadPid();
  });
  afterAll(() => removeDir(root));

  it('killed while writing (no journal): the temporary directory goes, the previous run stays', async () => {
    const out = join(root, 'writing');
    await dirWith(join(out, 'x'), 'old.txt', 'old');
    await dirWith(join(out, `.x.tmp-${pid}`), 'half.txt', 'half');
    await recoverCommits(out, 'x');
    expect(await readdir(out)).toEqual(['x']);
    expect(await readdir(join(out, 'x'))).toEqual(['old.txt']);
  });

  it('killed between the two renames without a journal (older versions): the previous run is put back', async () => {
    const out = join(root, 'aside');
    await dirWith(join(out, `.x.old-${pid}`), 'old.txt', 'old');
    await dirWith(join(out, `.x.tmp-${pid}`), 'new.txt', 'new');
    await recoverCommits(out, 'x');
    expect(await readdir(out)).toEqual(['x']);
    expect(await readdir(join(out, 'x'))).toEqual(['old.txt']);
  });

  it('killed after the journal, before the first rename: the commit is finished', async () => {
    const out = join(root, 'journal');
    await dirWith(join(out, 'x'), 'old.txt', 'old');
    await dirWith(join(out, `.x.tmp-${pid}`), 'new.txt', 'new');
    await writeFile(join(out, `.x.commit-${pid}`), 'commit\n');
    await recoverCommits(out, 'x');
    expect(await readdir(out)).toEqual(['x']);
    expect(await readdir(join(out, 'x'))).toEqual(['new.txt']);
  });

  it('killed between the renames: the new run goes into place and the old one is removed', async () => {
    const out = join(root, 'between');
    await dirWith(join(out, `.x.old-${pid}`), 'old.txt', 'old');
    await dirWith(join(out, `.x.tmp-${pid}`), 'new.txt', 'new');
    await writeFile(join(out, `.x.commit-${pid}`), 'commit\n');
    await recoverCommits(out, 'x');
    expect(await readdir(out)).toEqual(['x']);
    expect(await readdir(join(out, 'x'))).toEqual(['new.txt']);
  });

  it('killed after the second rename: the old run and the journal are removed', async () => {
    const out = join(root, 'after');
    await dirWith(join(out, 'x'), 'new.txt', 'new');
    await dirWith(join(out, `.x.old-${pid}`), 'old.txt', 'old');
    await writeFile(join(out, `.x.commit-${pid}`), 'commit\n');
    await recoverCommits(out, 'x');
    expect(await readdir(out)).toEqual(['x']);
    expect(await readdir(join(out, 'x'))).toEqual(['new.txt']);
  });

  it('leaves the entries of a running process and of other names alone', async () => {
    const out = join(root, 'alive');
    await dirWith(join(out, `.x.tmp-${process.ppid}`), 'a.txt', 'running');
    await dirWith(join(out, `.xy.tmp-${pid}`), 'a.txt', 'another name');
    await recoverCommits(out, 'x');
    expect((await readdir(out)).sort()).toEqual([`.x.tmp-${process.ppid}`, `.xy.tmp-${pid}`]);
  });

  it('RunDir.create recovers before it makes its own temporary directory', async () => {
    const out = join(root, 'create');
    await dirWith(join(out, `.x.tmp-${pid}`), 'new.txt', 'new');
    await writeFile(join(out, `.x.commit-${pid}`), 'commit\n');
    const run = new RunDir(out, 'x');
    await run.create();
    expect(await readFile(join(out, 'x', 'new.txt'), 'utf8')).toBe('new');
    run.discardSync();
    expect(await readdir(out)).toEqual(['x']);
  });

  it('removeStaleTemps removes temporary files of dead processes only', async () => {
    const out = join(root, 'files');
    await mkdir(out);
    await writeFile(join(out, `.report.html.tmp-${pid}`), 'half');
    await writeFile(join(out, `.report.html.tmp-${process.ppid}`), 'running');
    await writeFile(join(out, 'report.html'), 'complete');
    await removeStaleTemps(out);
    expect((await readdir(out)).sort()).toEqual([`.report.html.tmp-${process.ppid}`, 'report.html']);
  });
});

describe('output locations checked before anything runs', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempDir();
  });
  afterAll(() => removeDir(root));

  it('--out naming a file, and <out>/<name> being a file, are OutputErrors with a sentence', async () => {
    await writeFile(join(root, 'file'), 'x');
    await expect(new RunDir(join(root, 'file'), 'x').create()).rejects.toThrow(new OutputError(`${join(root, 'file')} is not a directory (--out must name a directory)`));
    await mkdir(join(root, 'out'));
    await writeFile(join(root, 'out', 'x'), 'x');
    await expect(new RunDir(join(root, 'out'), 'x').create()).rejects.toThrow(/exists and is not a directory/);
  });

  it('report --out naming a directory and plot --out naming a file are OutputErrors', async () => {
    await expect(prepareFile(root, '--out')).rejects.toThrow(new OutputError(`${root} is a directory (--out must name a file)`));
    await expect(prepareDir(join(root, 'file'), '--out')).rejects.toThrow(OutputError);
  });

  it('writeFileAtomic writes every byte of a large file', async () => {
    const big = 'x'.repeat(3_000_001);
    await writeFileAtomic(join(root, 'big.txt'), big);
    expect((await readFile(join(root, 'big.txt'), 'utf8')).length).toBe(big.length);
  });
});
