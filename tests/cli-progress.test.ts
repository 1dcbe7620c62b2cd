// What every simulating command prints, through the CLI: without a terminal (a log under SLURM or CI) progress lines
// on stderr, and at the end a table of the result on stdout, the output directory its last line; --sort orders the
// tables of compare and sweep by an outcome's mean, and an unknown outcome is exit 2 before anything runs. Progress
// depends on the process having no terminal, so that test spawns the CLI; the tables and --sort are made by the same
// program in-process (support/in-process.ts), but for one exit 2 through the CLI.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOMES } from '../src/analysis/outcomes.js';
import { homeward, removeDir, requireBuild, tempDir, writeScenario } from './support/cli.js';
import { firstThroughCli, inProcess } from './support/in-process.js';

const TINY = ['--agents', '1000', '--months', '12', '--reps', '2', '--threads', '1'] as const;
const TIMEOUT = 120_000;

let dir: string;
beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

/** The rows of one outcome's block of a compare or sweep table: each row's label and mean. */
function block(stdout: string, outcome: string): { label: string; mean: number }[] {
  const lines = stdout.split('\n');
  const from = lines.findIndex((l) => l.startsWith(`${outcome} (`));
  const rows: { label: string; mean: number }[] = [];
  for (const line of lines.slice(from + 1)) {
    const m = /^ {2}(\S.*?)\s{2,}(n\/a|-?[\d,.]+)(?: \[|$)/.exec(line);
    if (!m) break;
    rows.push({ label: m[1]!.trim(), mean: m[2] === 'n/a' ? NaN : Number(m[2]!.replaceAll(',', '')) });
  }
  return rows;
}

describe('without a terminal', { timeout: TIMEOUT }, () => {
  it('run prints progress lines on stderr, then a table of the outcomes and the directory on stdout', async () => {
    const out = join(dir, 'run');
    const ran = await homeward(['run', 'scenarios/test-small.yaml', ...TINY, '--no-plot', '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    const lines = ran.stderr.trimEnd().split('\n');
    for (const line of lines) expect(line).toMatch(/^progress: \d+% \| \d+\/2 reps \| \d+s \| ETA \S+$/);
    // One line per tenth at most (a minute never passes in this run), rising, the last at 100%.
    const percents = lines.map((l) => Number(/^progress: (\d+)%/.exec(l)![1]));
    expect(percents.length).toBeGreaterThanOrEqual(1);
    expect(percents.length).toBeLessThanOrEqual(10);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(new Set(percents.map((p) => Math.floor(p / 10))).size).toBe(percents.length);
    expect(percents.at(-1)).toBe(100);

    const stdout = ran.stdout.trimEnd().split('\n');
    expect(stdout.at(-1)).toBe(join(out, 'test-small'));
    expect(stdout[0]).toMatch(/^\s+mean \[95% CI\]$/);
    for (const o of OUTCOMES) expect(ran.stdout).toMatch(new RegExp(`^${o.name} \\(.*\\)\\s+(n/a|-?[\\d,.]+ \\[.*\\]|-?[\\d,.]+)$`, 'm'));
    expect(ran.stdout).toContain('mean and 95% t interval over 2 replications');
  });

  it('--quiet: no progress, the same table', async () => {
    const out = join(dir, 'quiet');
    const ran = await inProcess(['run', 'scenarios/test-small.yaml', ...TINY, '--no-plot', '--quiet', '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toMatch(/^cumulative_returns \(persons, simulated agents\)/m);
  });
});

describe('--sort', { timeout: TIMEOUT }, () => {
  // The return intercept sets how many return: -9 fewest, -6 most (sensitivity of cumulative_returns to it is large).
  const scenario = (name: string, intercept: number) => writeScenario(dir, name, `decision:\n  intercept: ${intercept}\n`);

  it('compare lists the scenarios by the outcome, highest mean first, in every outcome', async () => {
    const files = [await scenario('low', -9), await scenario('mid', -7.5), await scenario('high', -6)];
    const given = await inProcess(['compare', ...files, ...TINY, '--quiet', '--no-plot', '--out', join(dir, 'given')]);
    expect(given.code, given.stderr).toBe(0);
    expect(block(given.stdout, 'cumulative_returns').map((r) => r.label)).toEqual(['low (reference)', 'mid', 'high']);

    const ran = await inProcess(['compare', ...files, ...TINY, '--quiet', '--no-plot', '--sort', 'cumulative_returns', '--out', join(dir, 'sorted')]);
    expect(ran.code, ran.stderr).toBe(0);
    const rows = block(ran.stdout, 'cumulative_returns');
    expect(rows.map((r) => r.label)).toEqual(['high', 'mid', 'low (reference)']);
    expect(rows[0]!.mean).toBeGreaterThan(rows[2]!.mean);
    expect(block(ran.stdout, 'returned_stock_end').map((r) => r.label)).toEqual(['high', 'mid', 'low (reference)']);
    // Only the printed order changes: the files are the same bytes.
    expect(await readFile(join(dir, 'sorted', 'compare-low', 'compare.csv'), 'utf8')).toBe(await readFile(join(dir, 'given', 'compare-low', 'compare.csv'), 'utf8'));
    expect(ran.stdout.trimEnd().split('\n').at(-1)).toBe(join(dir, 'sorted', 'compare-low'));
  });

  it('sweep prints points × outcomes, by the outcome when sorted', async () => {
    const args = ['sweep', 'scenarios/test-small.yaml', '--param', 'decision.intercept=-9:-6:3', ...TINY, '--quiet', '--no-plot'];
    const given = await inProcess([...args, '--out', join(dir, 'sweep-given')]);
    expect(given.code, given.stderr).toBe(0);
    expect(block(given.stdout, 'cumulative_returns').map((r) => r.label)).toEqual(['point 0: decision.intercept=-9', 'point 1: decision.intercept=-7.5', 'point 2: decision.intercept=-6']);
    for (const o of OUTCOMES) expect(block(given.stdout, o.name)).toHaveLength(3);
    expect(given.stdout.trimEnd().split('\n').at(-1)).toBe(join(dir, 'sweep-given', 'test-small-sweep'));

    const ran = await inProcess([...args, '--sort', 'cumulative_returns', '--out', join(dir, 'sweep-sorted')]);
    expect(ran.code, ran.stderr).toBe(0);
    const rows = block(ran.stdout, 'cumulative_returns');
    expect(rows.map((r) => r.label.split(':')[0])).toEqual(['point 2', 'point 1', 'point 0']);
    expect(rows.map((r) => r.mean)).toEqual([...rows.map((r) => r.mean)].sort((a, b) => b - a));
    expect(ran.stdout).toContain('Points by cumulative_returns, highest mean first.');
  });

  it('an unknown outcome: exit 2 naming it and listing the outcomes, nothing run', async () => {
    for (const [i, command] of [
      ['compare', 'scenarios/test-small.yaml', 'scenarios/no-training.yaml'],
      ['sweep', 'scenarios/test-small.yaml', '--param', 'decision.intercept=-9:-6:2'],
    ].entries()) {
      const out = join(dir, `bad-${command[0]}`);
      const ran = await firstThroughCli(i)([...command, ...TINY, '--sort', 'returns', '--out', out]);
      expect(ran.code).toBe(2);
      expect(ran.stderr).toContain(`error: --sort: unknown outcome "returns"; the outcomes are ${OUTCOMES.map((o) => o.name).join(', ')}`);
      expect(ran.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    }
  });
});
