// Every kind of bad scenario file: one message naming the file, the key path and the line, exit code 2, no stack
// trace, and nothing written. The first case through the real CLI (the process's exit code and stderr), the others
// in-process through the same program (support/in-process.ts), where code and message are made.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeward, removeDir, requireBuild, tempDir, writeText, type Ran } from './support/cli.js';
import { inProcess } from './support/in-process.js';

let dir: string;
beforeAll(async () => {
  requireBuild();
  dir = await tempDir();
});
afterAll(() => removeDir(dir));

const put = (name: string, text: string) => writeText(dir, name, text);

/** Runs `homeward run` and `homeward validate` on the file (`through` the CLI or in-process); both must fail with exit 2 and the message. */
async function rejects(file: string, message: RegExp, through: (args: readonly string[]) => Promise<Ran> = inProcess): Promise<void> {
  const out = join(dir, 'out');
  for (const args of [['run', file, '--quiet', '--out', out], ['validate', file]]) {
    const ran = await through(args);
    expect(ran.code, ran.stderr).toBe(2);
    expect(ran.stderr).toMatch(message);
    expect(ran.stderr).not.toMatch(/^\s+at /m);
    expect(ran.stdout).toBe('');
  }
  expect(existsSync(out)).toBe(false);
}

describe('bad scenario files', { timeout: 60_000 }, () => {
  it('unknown key: file, line, path and the known keys', async () => {
    const file = await put('unknown.yaml', 'name: x\npolicies:\n  loans:\n    amount: 1000\n    per_moth: 5\n');
    await rejects(file, /unknown\.yaml:5: policies\.loans\.per_moth: unknown key "per_moth" \(did you mean "per_month"\?/, homeward);
  });

  it('wrong type', async () => {
    const file = await put('type.yaml', 'name: x\npolicies:\n  loans:\n    amount: lots\n');
    await rejects(file, /type\.yaml:4: policies\.loans\.amount: .*number/);
  });

  it('impossible value', async () => {
    const file = await put('range.yaml', 'name: x\npopulation:\n  parents_home: 1.5\n');
    await rejects(file, /range\.yaml:3: population\.parents_home: must be at most 1, got 1\.5/);
  });

  it('more villages than 16 bits hold (a person\'s village is a Uint16), through the CLI', async () => {
    const file = await put('villages.yaml', 'name: x\npopulation:\n  villages: 65536\n');
    await rejects(file, /villages\.yaml:3: population\.villages: must be at most 65535, got 65536/, homeward);
  });

  it('more agents than emigrants', async () => {
    const file = await put('agents.yaml', 'name: x\npopulation:\n  agents: 2000\n  emigrants: 1000\n');
    await rejects(file, /agents\.yaml:3: population\.agents: agents must not exceed emigrants/);
  });

  it('broken YAML, with its line', async () => {
    const file = await put('broken.yaml', 'name: x\npolicies:\n  loans: [1, 2\n  training: {}\n');
    await rejects(file, /broken\.yaml:4: YAML syntax/);
  });

  it('missing file', async () => {
    await rejects(join(dir, 'absent.yaml'), /absent\.yaml/);
  });

  it('extends cycle, naming the cycle', async () => {
    await put('a.yaml', 'extends: b.yaml\nname: a\n');
    await put('b.yaml', 'extends: a.yaml\nname: b\n');
    await rejects(join(dir, 'a.yaml'), /a\.yaml.*b\.yaml.*a\.yaml/);
  });
});
