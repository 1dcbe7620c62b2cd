// Same scenario and seed give the same bytes, whatever the thread count; scenario.json reproduces a run.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Replicate from '../src/engine/replicate.js';
import type * as Load from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/schema.js';
import { SMALL, homeward, importDist, readText, removeDir, requireBuild, tempDir, writeScenario } from './support/cli.js';

const TIMEOUT = 120_000;
const FILES = ['timeseries.csv', 'summary.csv', 'creators.csv', 'scenario.json'];
let dir: string;
let scenario: string;

/** Runs the CLI into `<dir>/<label>` and returns the deterministic files' contents. */
async function run(label: string, args: readonly string[], file = scenario): Promise<Record<string, string>> {
  const out = join(dir, label);
  const ran = await homeward(['run', file, ...SMALL, '--out', out, ...args]);
  expect(ran.stderr).toBe('');
  expect(ran.code).toBe(0);
  const files: Record<string, string> = {};
  for (const f of FILES) files[f] = await readText(out, 'det', f);
  return files;
}

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
  scenario = await writeScenario(dir, 'det');
});
afterAll(() => removeDir(dir));

describe('determinism through the CLI', { timeout: TIMEOUT }, () => {
  let base: Record<string, string>;
  beforeAll(async () => {
    base = await run('base', ['--threads', '2']);
  }, TIMEOUT);

  it('the same scenario and seed twice give identical bytes', async () => {
    expect(await run('again', ['--threads', '2'])).toEqual(base);
  });

  it('1 thread and 2 threads give identical bytes', async () => {
    expect(await run('one-thread', ['--threads', '1'])).toEqual(base);
  });

  it('another seed gives other numbers', async () => {
    const other = await run('seed2', ['--threads', '2', '--seed', '2']);
    expect(other['timeseries.csv']).not.toBe(base['timeseries.csv']);
    expect(other['summary.csv']).not.toBe(base['summary.csv']);
  });

  it('running the written scenario.json reproduces the CSVs byte for byte', async () => {
    // No size flags here: everything must come from scenario.json itself.
    const out = join(dir, 'rerun');
    const ran = await homeward(['run', join(dir, 'base', 'det', 'scenario.json'), '--quiet', '--out', out]);
    expect(ran.code).toBe(0);
    for (const f of FILES) expect(await readText(out, 'det', f)).toBe(base[f]);
  });
});

describe('replications engine (built code)', { timeout: TIMEOUT }, () => {
  let replicate: typeof Replicate;
  let small: Scenario;

  beforeAll(async () => {
    replicate = await importDist<typeof Replicate>('engine/replicate.js');
    const { loadScenario } = await importDist<typeof Load>('scenario/load.js');
    small = (await loadScenario(scenario, ['population.agents=1000', 'end=2015-12', 'reps=3'])).scenario;
  });

  it('in-process and worker runs give the same results, in rep order', async () => {
    const opts = { reps: 3, seed: 5 };
    const inline = await replicate.runReplications(small, { ...opts, inProcess: true });
    const workers = await replicate.runReplications(small, { ...opts, threads: 2 });
    expect(workers.map((r) => r.rep)).toEqual([0, 1, 2]);
    expect(workers.map((r) => r.seed)).toEqual(replicate.repSeeds(5, 3));
    expect(workers).toEqual(inline);
  });

  it('reports progress over reps × months', async () => {
    const seen: number[] = [];
    await replicate.runReplications(small, { reps: 3, seed: 1, threads: 2, onProgress: (done, total) => seen.push(done, total) });
    expect(seen.slice(-2)).toEqual([36, 36]);
  });

  it('a worker exception rejects the whole run with its message', async () => {
    const script = join(dir, 'failing-worker.mjs');
    await writeFile(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', ({ rep }) => { throw new Error(`model exploded in rep ${rep}`); });\n");
    const run = replicate.runReplications(small, { reps: 3, seed: 1, threads: 2, workerScript: { url: pathToFileURL(script) } });
    await expect(run).rejects.toThrow(/model exploded in rep \d/);
  });

  it('a worker that exits rejects the run', async () => {
    const script = join(dir, 'exiting-worker.mjs');
    await writeFile(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
    const run = replicate.runReplications(small, { reps: 3, seed: 1, threads: 2, workerScript: { url: pathToFileURL(script) } });
    await expect(run).rejects.toThrow(/exit code 3/);
  });

  it('aborting rejects the run', async () => {
    const controller = new AbortController();
    const run = replicate.runReplications(small, {
      reps: 50,
      seed: 1,
      threads: 2,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 1) controller.abort(new Error('stop now'));
      },
    });
    await expect(run).rejects.toThrow('stop now');
  });
});
