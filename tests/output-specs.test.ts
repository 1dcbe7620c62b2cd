// The declared checks of output files (src/output/read-table.ts and json-spec.ts) on small files written here: each
// kind of field and of JSON value refused with the file, the line and the column or key path, and what passes read
// as written.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { list, number, numberOrNaN, object, oneOf, optional, readJsonFile, text } from '../src/output/json-spec.js';
import { column, flagOf, readTable, type TableSpec } from '../src/output/read-table.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'homeward-specs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const SPEC: TableSpec = {
  name: 't',
  columns: [column('point', 'count'), column('month', 'month'), column('x', 'value'), column('ok', 'flag'), column('mean', 'number'), column('note', 'text', { optional: true })],
  key: ['point'],
  rows: 'points',
};
const HEADER = 'point,month,x,ok,mean';

async function table(rows: readonly string[]) {
  await writeFile(join(dir, 't.csv'), [HEADER, ...rows].join('\n') + '\n');
  return readTable(dir, SPEC);
}

describe('a declared table', () => {
  it('reads good rows: a word or a number as a value, empty numbers as undefined, flags as true/false or 1/0', async () => {
    const t = await table(['0,2020-01,high,true,1.5', '1,2020-02,-3e2,0,']);
    expect(t.rows.length).toBe(2);
    expect(flagOf(t, 0, t.column('ok'))).toBe(true);
    expect(flagOf(t, 1, t.column('ok'))).toBe(false);
    expect(Number.isNaN(t.number(1, t.column('mean')))).toBe(true);
  });

  it.each([
    ['1.5,2020-01,a,true,1', "t.csv:2: point: not a whole number from 0: '1.5'"],
    ['-1,2020-01,a,true,1', "t.csv:2: point: not a whole number from 0: '-1'"],
    [',2020-01,a,true,1', 't.csv:2: point: no value'],
    ['0,2020-13x,a,true,1', "t.csv:2: month: not YYYY-MM: '2020-13x'"],
    ['0,2020-01,NaN,true,1', "t.csv:2: x: not a value a point can run at (a finite number or a word): 'NaN'"],
    ['0,2020-01,-Infinity,true,1', "t.csv:2: x: not a value a point can run at (a finite number or a word): '-Infinity'"],
    ['0,2020-01,1e400,true,1', "t.csv:2: x: not a finite number: '1e400'"],
    ['0,2020-01,,true,1', 't.csv:2: x: no value'],
    ['0,2020-01,a,yes,1', "t.csv:2: ok: not true or false: 'yes'"],
    ['0,2020-01,a,toString,1', "t.csv:2: ok: not true or false: 'toString'"],
    ['0,2020-01,a,true,NaN', "t.csv:2: mean: not a number: 'NaN'"],
  ])('refuses %s', async (row, message) => {
    await expect(table([row])).rejects.toThrow(join(dir, message));
  });

  it('refuses a second row with the same key, an empty table and a missing column', async () => {
    await expect(table(['0,2020-01,a,true,1', '0,2020-02,b,true,1'])).rejects.toThrow(`${join(dir, 't.csv')}:3: a second row for point 0 (the first is line 2)`);
    await expect(table([])).rejects.toThrow(`${join(dir, 't.csv')}: no points`);
    await writeFile(join(dir, 't.csv'), 'point,month,x,ok\n0,2020-01,a,true\n');
    await expect(readTable(dir, SPEC)).rejects.toThrow(`${join(dir, 't.csv')}: missing column mean`);
  });

  it('reads a byte-order mark and CRLF line ends as its own', async () => {
    await writeFile(join(dir, 't.csv'), `\uFEFF${HEADER}\r\n0,2020-01,a,true,2.5\r\n`);
    const t = await readTable(dir, SPEC);
    expect(t.header).toEqual(HEADER.split(','));
    expect(t.number(0, t.column('mean'))).toBe(2.5);
  });
});

describe('a declared JSON file', () => {
  const SHAPE = object({
    reference: text,
    method: oneOf('morris', 'sobol'),
    scenarios: list(object({ name: text, dir: optional(text) }), true),
    distance: optional(numberOrNaN, NaN),
    reps: optional(number, 3),
  });
  const file = () => join(dir, 'x.json');
  const good = { reference: 'a', method: 'sobol', scenarios: [{ name: 'a' }, { name: 'b', dir: 'b' }], distance: null };

  it('reads what it declares, with defaults for keys older files lack', async () => {
    await writeFile(file(), JSON.stringify(good, null, 2));
    expect(await readJsonFile(file(), SHAPE)).toEqual({ reference: 'a', method: 'sobol', scenarios: [{ name: 'a', dir: undefined }, { name: 'b', dir: 'b' }], distance: NaN, reps: 3 });
  });

  it.each([
    [{}, ': reference: missing; expected text'],
    [{ ...good, method: 'fast' }, ':3: method: expected morris or sobol, got "fast"'],
    [{ ...good, scenarios: [] }, ':4: scenarios: expected a non-empty list of an object with name, dir, got []'],
    [{ ...good, scenarios: [{ name: 'a' }, { name: 7 }] }, ':9: scenarios.1.name: expected text, got 7'],
    [{ ...good, reps: 'two' }, ':14: reps: expected a number, got "two"'],
  ])('refuses %j with the key path and its line', async (json, message) => {
    await writeFile(file(), JSON.stringify(json, null, 2));
    await expect(readJsonFile(file(), SHAPE)).rejects.toThrow(`${file()}${message}`);
  });
});
