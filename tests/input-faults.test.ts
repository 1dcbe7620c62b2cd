// Bad input found by trying: each gets one clear message (file, key path, line where known) instead of a hang, a
// raw Node error or hundreds of thousands of lines; and tables a spreadsheet saved again are read as written.
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunDir } from '../src/output/atomic.js';
import { OutputError } from '../src/output/errors.js';
import { readCsv } from '../src/output/read-files.js';
import { loadWrittenScenario } from '../src/output/read-scenario.js';
import { loadOutput } from '../src/kinds/registry.js';
import { handMadeRun } from './support/hand-made.js';
import { makeSweep } from './support/outputs.js';
import { ScenarioError } from '../src/scenario/errors.js';
import { loadScenario } from '../src/scenario/load.js';
import { validateCommand } from '../src/cli/validate.js';
import { homeward, removeDir, requireBuild, tempDir } from './support/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

async function scenarioError(run: () => Promise<unknown>): Promise<ScenarioError> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScenarioError);
  return err as ScenarioError;
}

describe('scenario files', () => {
  it('a base that is a named pipe is refused at once, not read forever', async () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    await writeFile(join(dir, 'x.yaml'), 'name: x\nextends: pipe.yaml\n');
    const err = await scenarioError(() => loadScenario(join(dir, 'x.yaml')));
    expect(err.message).toBe(`${join(dir, 'x.yaml')}:2: extends: cannot read ${join(dir, 'pipe.yaml')}: not a regular file: it is a named pipe (FIFO)`);
  });

  it('a huge file of duplicate keys gets the first 20 problems and a count, not a line each', async () => {
    const points = Array.from({ length: 5_000 }, () => '    2020-01: 1').join('\n');
    await writeFile(join(dir, 'x.yaml'), `name: x\ncounty:\n  network_cost:\n   points:\n${points}\n`);
    const err = await scenarioError(() => loadScenario(join(dir, 'x.yaml')));
    const lines = err.message.split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[0]).toMatch(/:6: the key "2020-01" is given twice in one mapping/);
    expect(lines[20]).toMatch(/and 4979 more problems$/);
  });

  it('a tag YAML cannot apply is named with its line, not reported as a string', async () => {
    await writeFile(join(dir, 'x.yaml'), 'name: x\npopulation:\n  agents: !!float 1500\n');
    const err = await scenarioError(() => loadScenario(join(dir, 'x.yaml')));
    expect(err.message).toBe(`${join(dir, 'x.yaml')}:3: the tag !!float does not fit the value "1500" (YAML 1.2 reads !!float only with a decimal point or an exponent, e.g. 1500.0); remove the tag`);
    await writeFile(join(dir, 'y.yaml'), 'name: y\npopulation:\n  agents: !!float 1500.0\n');
    expect((await loadScenario(join(dir, 'y.yaml'))).scenario.population.agents).toBe(1500);
  });

  it("a bad sweep parameter is placed on its line, in the file that writes it", async () => {
    await writeFile(join(dir, 'base.yaml'), 'name: base\nsweep:\n  params:\n    policies.training.seats: [0, 100]\n    bogus.path: [1, 2]\n');
    await writeFile(join(dir, 'x.yaml'), 'name: x\nextends: base.yaml\n');
    const err = await scenarioError(() => validateCommand(join(dir, 'x.yaml'), [], () => undefined));
    expect(err.problems[0]).toMatchObject({ file: join(dir, 'base.yaml'), line: 5, path: 'sweep.params.bogus.path' });
  });
});

describe('output locations', () => {
  it("--out '' and a directory the file system refuses are OutputErrors (exit 2), not raw errors", async () => {
    await expect(new RunDir('', 'x').create()).rejects.toThrow(new OutputError('--out is empty: it must name a directory'));
    await expect(new RunDir('/proc', 'x').create()).rejects.toThrow(/^cannot write in \/proc: the file system refuses it \(ENOENT; choose another --out\)$/);
  });

  it('the CLI exits 2 with the sentence', async () => {
    requireBuild();
    const ran = await homeward(['run', 'scenarios/test-small.yaml', '--agents', '500', '--months', '2', '--reps', '1', '--quiet', '--no-plot', '--out', '']);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toBe('error: --out is empty: it must name a directory\n');
  });
});

describe('tables saved again by a spreadsheet', () => {
  it('reads a byte-order mark and CRLF line ends as homeward writes its own', async () => {
    await writeFile(join(dir, 'summary.csv'), '\uFEFFmonth,metric,mean\r\n2020-01,returns,1.5\r\n');
    const table = await readCsv(join(dir, 'summary.csv'), ['month', 'metric', 'mean']);
    expect(table.header).toEqual(['month', 'metric', 'mean']);
    expect(table.number(0, table.column('mean'))).toBe(1.5);
  });
});

describe('scenario.json of an output directory', () => {
  it('must name its scenario and months: {} is not read as a default scenario', async () => {
    await writeFile(join(dir, 'scenario.json'), '{}\n');
    await expect(loadWrittenScenario(dir)).rejects.toThrow(`${join(dir, 'scenario.json')}: not a scenario homeward wrote: missing name, start, end`);
    const { scenario } = await loadScenario('scenarios/test-small.yaml');
    await writeFile(join(dir, 'scenario.json'), JSON.stringify(scenario));
    expect((await loadWrittenScenario(dir)).name).toBe('test-small');
  });
});

describe('points.csv of a sweep', () => {
  it('refuses a point without its parameter value, with the line', async () => {
    const run = await handMadeRun(dir, 'base', {});
    const sweep = join(dir, 'sweep');
    await makeSweep(sweep, run, [{ path: 'policies.training.seats', values: [0, 100] }]);
    expect((await loadOutput(sweep)).kind).toBe('sweep');
    const points = join(sweep, 'points.csv');
    const lines = (await readFile(points, 'utf8')).split('\n');
    lines[2] = lines[2]!.replace(/^(\d+),100,/, '$1,,');
    await writeFile(points, lines.join('\n'));
    await expect(loadOutput(sweep)).rejects.toThrow(`${points}:3: policies.training.seats: no value (every point of a sweep has its parameter values)`);
  });
});
