// Readers of output directories (plot, report) refuse broken files with the file and line: non-finite numbers,
// rows cut short, duplicate rows, ragged metrics, directories in place of files, binary data.
import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOutput } from '../src/kinds/registry.js';
import { InputError } from '../src/output/errors.js';
import { removeDir, requireBuild, tempDir } from './support/cli.js';
import { firstThroughCli } from './support/in-process.js';
import { handMadeRun } from './support/hand-made.js';

let dir: string;
let count = 0;
beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

/** A fresh hand-made run, broken by `breakIt`; returns the message of the InputError that reading and charting it gives. */
async function brokenMessage(breakIt: (run: string) => Promise<void>): Promise<string> {
  const run = await handMadeRun(dir, `run${count++}`, {});
  await breakIt(run);
  const err = await loadOutput(run)
    .then((output) => output.charts({ metrics: [] }))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(err).toBeInstanceOf(InputError);
  return (err as InputError).message;
}

async function edit(file: string, change: (text: string) => string): Promise<void> {
  await writeFile(file, change(await readFile(file, 'utf8')));
}

describe('broken output directories', () => {
  it('non-finite numbers: Infinity, 1e400, NaN', async () => {
    for (const bad of ['Infinity', '1e400', 'NaN']) {
      const msg = await brokenMessage((run) => edit(join(run, 'summary.csv'), (t) => t.replace('2019-11,returns,1,', `2019-11,returns,${bad},`)));
      expect(msg).toMatch(new RegExp(`summary\\.csv:\\d+: mean: not a (finite )?number: '${bad}'`));
    }
  });

  it('a file cut mid-row', async () => {
    const msg = await brokenMessage((run) => edit(join(run, 'creators.csv'), (t) => t.slice(0, -6)));
    expect(msg).toMatch(/creators\.csv:3: the last row has no line end: the file is cut short/);
  });

  it('duplicate rows, naming both lines', async () => {
    const msg = await brokenMessage((run) => appendFile(join(run, 'summary.csv'), '2019-11,returns,5,0,5,5\n'));
    expect(msg).toMatch(/summary\.csv:\d+: a second row for month 2019-11, metric returns \(the first is line \d+\)/);
    const ts = await brokenMessage((run) => edit(join(run, 'timeseries.csv'), (t) => t + t.split('\n')[1] + '\n'));
    expect(ts).toMatch(/timeseries\.csv:\d+: a second row for rep 0, month 2019-11/);
  });

  it('metrics with unequal month counts', async () => {
    const msg = await brokenMessage((run) => edit(join(run, 'summary.csv'), (t) => t.replace(/^2020-02,returns,.*\n/m, '')));
    expect(msg).toMatch(/summary\.csv: metric 'returns' has 3 months, the file has 4/);
  });

  it('a timeseries.csv without returns', async () => {
    const msg = await brokenMessage((run) => edit(join(run, 'timeseries.csv'), (t) => t.replace(',returns,', ',returnz,')));
    expect(msg).toMatch(/timeseries\.csv: missing column returns/);
  });

  it('a directory in place of summary.csv, and binary data', async () => {
    const msg = await brokenMessage(async (run) => {
      await rm(join(run, 'creators.csv'));
      await mkdir(join(run, 'creators.csv'));
    });
    expect(msg).toMatch(/creators\.csv: is a directory, expected a file/);
    const bin = await brokenMessage((run) => writeFile(join(run, 'creators.csv'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 10])));
    expect(bin).toMatch(/creators\.csv: not a CSV file \(it holds binary data\)/);
  });

  it('the CLI: exit 2 with one located message, no stack', async () => {
    const run = await handMadeRun(dir, 'cli', {});
    await edit(join(run, 'summary.csv'), (t) => t.replace('2019-12,creators,1,', '2019-12,creators,Infinity,'));
    for (const [i, command] of ['plot', 'report'].entries()) {
      const ran = await firstThroughCli(i)([command, run]); // the report in-process, by the same program
      expect(ran.code).toBe(2);
      const line = (await readFile(join(run, 'summary.csv'), 'utf8')).split('\n').indexOf(`2019-12,creators,Infinity,0,1,1`) + 1;
      expect(ran.stderr).toBe(`error: ${join(run, 'summary.csv')}:${line}: mean: not a finite number: 'Infinity'\n`);
    }
  });
});
