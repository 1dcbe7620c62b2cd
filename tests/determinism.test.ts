// Same scenario and seed give the same bytes, whatever the thread count; scenario.json reproduces a run. The runs go
// through `homeward run`'s code in-process (tests/support/in-process.ts); rerunning scenario.json goes through the CLI.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvaluateOptions, Evaluator } from '../src/engine/evaluator.js';
import type * as Experiment from '../src/engine/experiment.js';
import type * as InProcess from '../src/engine/in-process-evaluator.js';
import type * as Definition from '../src/model/definition.js';
import type { RepResult, CreatorSnapshot } from '../src/model/definition.js';
import type * as Seeds from '../src/engine/seeds.js';
import type * as Threads from '../src/engine/thread-evaluator.js';
import type * as Load from '../src/scenario/load.js';
import type { Scenario } from '../src/scenario/schema.js';
import { homeward, importDist, readText, removeDir, requireBuild, tempDir, writeScenario } from './support/cli.js';
import { runInProcess } from './support/in-process.js';

const TIMEOUT = 120_000;
const FILES = ['timeseries.csv', 'summary.csv', 'creators.csv', 'scenario.json'];
let dir: string;

type Engine = typeof Experiment & typeof Seeds & typeof Threads & typeof InProcess & typeof Definition;
let scenario: string;

/**
 * `homeward run <scenario> --agents 2000 --months 24 --reps 3 --no-plot --out <dir>/<label>` with `threads` and
 * `seed`, in-process; returns the deterministic files' contents. It must print the table and then the output
 * directory, and nothing on stderr.
 */
async function run(label: string, threads: number, seed?: string): Promise<Record<string, string>> {
  const out = join(dir, label);
  const ran = await runInProcess({ scenario, set: [], agents: '2000', months: 24, reps: '3', seed, threads, quiet: true, plot: false, out });
  expect([ran.stdout.trimEnd().split('\n').at(-1), ran.stderr]).toEqual([join(out, 'det'), '']);
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

describe('determinism of homeward run', { timeout: TIMEOUT }, () => {
  let base: Record<string, string>;
  beforeAll(async () => {
    base = await run('base', 2);
  }, TIMEOUT);

  it('the same scenario and seed twice give identical bytes', async () => {
    expect(await run('again', 2)).toEqual(base);
  });

  it('1 thread and 2 threads give identical bytes', async () => {
    expect(await run('one-thread', 1)).toEqual(base);
  });

  it('another seed gives other numbers', async () => {
    const other = await run('seed2', 2, '2');
    expect(other['timeseries.csv']).not.toBe(base['timeseries.csv']);
    expect(other['summary.csv']).not.toBe(base['summary.csv']);
  });

  it('running the written scenario.json reproduces the CSVs byte for byte, through the CLI', async () => {
    // No size flags here: everything must come from scenario.json itself.
    const out = join(dir, 'rerun');
    const ran = await homeward(['run', join(dir, 'base', 'det', 'scenario.json'), '--quiet', '--no-plot', '--out', out]);
    expect(ran.code).toBe(0);
    for (const f of FILES) expect(await readText(out, 'det', f)).toBe(base[f]);
  });
});

describe('evaluators (built code)', { timeout: TIMEOUT }, () => {
  let engine: Engine;
  let small: Scenario;

  /** The results of the scenario's reps (seeded from `seed`) on `evaluator`, in delivery order; closes it. */
  async function results(evaluator: Evaluator<CreatorSnapshot>, reps: number, seed: number, options: EvaluateOptions = {}): Promise<RepResult[]> {
    const out: RepResult[] = [];
    try {
      await evaluator.run(new engine.ExperimentGrid([small], engine.repSeeds(seed, reps)), (r) => void out.push(r), options);
    } finally {
      await evaluator.close();
    }
    return out;
  }

  beforeAll(async () => {
    engine = {
      ...(await importDist<typeof Experiment>('engine/experiment.js')),
      ...(await importDist<typeof Seeds>('engine/seeds.js')),
      ...(await importDist<typeof Threads>('engine/thread-evaluator.js')),
      ...(await importDist<typeof InProcess>('engine/in-process-evaluator.js')),
      ...(await importDist<typeof Definition>('model/definition.js')),
    };
    const { loadScenario } = await importDist<typeof Load>('scenario/load.js');
    small = (await loadScenario(scenario, ['population.agents=1000', 'end=2015-12', 'reps=3'])).scenario;
  });

  it('in-process and worker runs give the same results, in rep order', async () => {
    const inline = await results(new engine.InProcessEvaluator(engine.definition), 3, 5);
    const workers = await results(new engine.ThreadEvaluator(engine.definition, 2), 3, 5);
    expect(workers.map((r) => r.rep)).toEqual([0, 1, 2]);
    expect(workers.map((r) => r.seed)).toEqual(engine.repSeeds(5, 3));
    expect(workers).toEqual(inline);
  });

  it('keeps its workers across batches, with the same results', async () => {
    const evaluator = new engine.ThreadEvaluator(engine.definition, 2);
    const grid = new engine.ExperimentGrid([small], engine.repSeeds(5, 3));
    const batches: RepResult[][] = [[], []];
    try {
      for (const batch of batches) await evaluator.run(grid, (r) => void batch.push(r));
    } finally {
      await evaluator.close();
    }
    expect(batches[1]).toEqual(batches[0]);
    expect(batches[0]).toEqual(await results(new engine.InProcessEvaluator(engine.definition), 3, 5));
  });

  it('reports progress over reps × months', async () => {
    const seen: number[] = [];
    await results(new engine.ThreadEvaluator(engine.definition, 2), 3, 1, { onProgress: (done, total) => seen.push(done, total) });
    expect(seen.slice(-2)).toEqual([36, 36]);
  });

  it('a worker exception rejects the whole run with its message', async () => {
    const script = join(dir, 'failing-worker.mjs');
    await writeFile(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', ({ rep }) => { throw new Error(`model exploded in rep ${rep}`); });\n");
    const run = results(new engine.ThreadEvaluator(engine.definition, 2, { url: pathToFileURL(script) }), 3, 1);
    await expect(run).rejects.toThrow(/model exploded in rep \d/);
  });

  it('a worker that exits rejects the run', async () => {
    const script = join(dir, 'exiting-worker.mjs');
    await writeFile(script, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
    const run = results(new engine.ThreadEvaluator(engine.definition, 2, { url: pathToFileURL(script) }), 3, 1);
    await expect(run).rejects.toThrow(/exit code 3/);
  });

  it('aborting rejects the run, and no result is delivered after it', async () => {
    const controller = new AbortController();
    let afterAbort = 0;
    const evaluator = new engine.ThreadEvaluator(engine.definition, 2);
    const run = evaluator.run(
      new engine.ExperimentGrid([small], engine.repSeeds(1, 50)),
      () => {
        if (controller.signal.aborted) afterAbort++;
      },
      {
        signal: controller.signal,
        onProgress: (done) => {
          if (done === 1) controller.abort(new Error('stop now'));
        },
      },
    );
    await expect(run).rejects.toThrow('stop now');
    await evaluator.close();
    expect(afterAbort).toBe(0);
  });

  it('waits for the result being taken before it rejects', async () => {
    const controller = new AbortController();
    let writing = false;
    const evaluator = new engine.ThreadEvaluator(engine.definition, 2);
    const run = evaluator.run(
      new engine.ExperimentGrid([small], engine.repSeeds(1, 50)),
      async () => {
        writing = true;
        controller.abort(new Error('stop now'));
        await new Promise((resolve) => setTimeout(resolve, 50));
        writing = false;
      },
      { signal: controller.signal },
    );
    await expect(run).rejects.toThrow('stop now');
    expect(writing).toBe(false);
    await evaluator.close();
  });
});
