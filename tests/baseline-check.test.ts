// The calibrated baseline: `homeward check scenarios/qingyang.yaml --targets scenarios/targets/qingyang.yaml` at the
// scenario's own size and replication count (500,000 agents, 10 reps: about 90 s on 2 cores) meets every fact.
// One run serves two claims: the shipped targets plus one deliberately wrong target (F1 with the 2020/2019 ratio
// at 2.0, the uncalibrated model's value). The wrong row must fail, and so the command must exit 1; every shipped
// row must pass, so without the wrong target the check exits 0 (the rule: exit 0 exactly when all rows pass,
// tested in check.test.ts).
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeward, removeDir, requireBuild, tempDir } from './support/cli.js';

const TARGETS = 'scenarios/targets/qingyang.yaml';
let dir: string;

beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

const WRONG = `
  - id: WRONG
    fact: The return flow in 2020 is twice that of 2019 (deliberately wrong)
    source: seed 000 §2.1, misread
    expr:
      ratio:
        - {sum: returns, over: 2020}
        - {sum: returns, over: 2019}
    value: 2.0
    tolerance: 0.1
`;

describe('the calibrated baseline', () => {
  it('meets every target of scenarios/targets/qingyang.yaml at its default size and reps; a wrong target fails', { timeout: 600_000 }, async () => {
    const targets = join(dir, 'with-wrong.yaml');
    await writeFile(targets, (await readFile(TARGETS, 'utf8')).trimEnd() + '\n' + WRONG);
    const ran = await homeward(['check', 'scenarios/qingyang.yaml', '--targets', targets, '--out', dir, '--no-plot', '--quiet']);
    expect(ran.code, ran.stderr).toBe(1);

    const rows = (await readFile(join(dir, 'qingyang-check', 'check.csv'), 'utf8')).trimEnd().split('\n').slice(1);
    const verdict = Object.fromEntries(rows.map((r) => [r.split(',')[0]!, r.split(',').at(-1)]));
    const shipped = ['F1', 'F2', 'F3', 'F6a', 'F6b', 'F7a', 'F7b', 'F8', 'F9', 'F10a', 'F10b', 'F10c', 'F11', 'F12'];
    expect(verdict).toEqual({ ...Object.fromEntries(shipped.map((id) => [id, 'true'])), WRONG: 'false' });
    expect(ran.stdout).toMatch(/^WRONG .*FAIL$/m);
    expect(ran.stdout).toMatch(/14 of 15 targets pass/);
  });
});
