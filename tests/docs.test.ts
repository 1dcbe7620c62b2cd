import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNEL_COLUMNS } from '../src/model/channels.js';
import { SCHEDULE } from '../src/model/definition.js';
import { PERSON_COLUMNS } from '../src/model/persons.js';
import { METRICS } from '../src/model/metrics.js';
import { describeGroups, describeParameters, parametersMarkdown } from '../src/scenario/describe.js';
import { scenarioSchema } from '../src/scenario/schema.js';

/** The model documentation stays true to the code: generated parameter table, complete metadata, valid references. */

const DOCS = path.join(import.meta.dirname, '..', 'docs');
/** Labels of a scenario rather than model parameters: they have a meaning but no unit or source. */
const LABELS = new Set(['name', 'description']);
const TOP_LEVEL = new Set(Object.keys(scenarioSchema.shape));

const read = (name: string) => readFile(path.join(DOCS, name), 'utf8');

/** The value at a dot path of a resolved scenario. */
function at(value: unknown, dotPath: string): unknown {
  return dotPath.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), value);
}

describe('docs/parameters.md', () => {
  it('is the table generated from the schema', async () => {
    const file = await read('parameters.md');
    expect(file, 'docs/parameters.md is out of date with src/scenario/schema.ts: run `npm run docs`').toBe(parametersMarkdown());
  });
});

describe('parameter metadata', () => {
  const parameters = describeParameters();

  it('describes every key once', () => {
    const paths = parameters.map((p) => p.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toContain('policies.loans.amount');
    expect(paths).toContain('policies.budget');
  });

  it('gives every parameter a unit, a source and a meaning', () => {
    const missing = parameters
      .filter((p) => !LABELS.has(p.path))
      .flatMap((p) => (['unit', 'source', 'doc'] as const).filter((k) => p[k].trim() === '').map((k) => `${p.path}: no ${k}`));
    expect(missing, 'add the missing metadata in src/scenario/schema.ts, then run `npm run docs`').toEqual([]);
    for (const label of LABELS) expect(parameters.find((p) => p.path === label)?.doc).toBeTruthy();
  });

  it('gives every group a description', () => {
    const missing = describeGroups().filter((g) => g.path !== '' && g.doc.trim() === '').map((g) => g.path);
    expect(missing).toEqual([]);
  });

  it('reports the defaults a minimal scenario resolves to', () => {
    const resolved = scenarioSchema.parse({ name: 'docs' });
    for (const p of parameters) {
      if (p.path === 'name') continue;
      expect(at(resolved, p.path), p.path).toEqual(p.default);
    }
  });

  it('reports the ranges the schema enforces', () => {
    for (const p of parameters) {
      if (p.type !== 'number' && p.type !== 'integer') continue;
      const [group, key] = [p.path.slice(0, p.path.lastIndexOf('.')), p.path.slice(p.path.lastIndexOf('.') + 1)];
      const set = (value: number) => {
        const input: Record<string, unknown> = { name: 'docs' };
        let node = input;
        for (const part of group ? group.split('.') : []) node = (node[part] ??= {}) as Record<string, unknown>;
        node[key] = value;
        return scenarioSchema.safeParse(input);
      };
      // Outside the range is an error; at its ends (within the scenario-level rules) it is not.
      if (p.max !== undefined) expect(set(p.max + 1).success, `${p.path} above max`).toBe(false);
      if (p.min !== undefined) expect(set(p.min - 1).success, `${p.path} below min`).toBe(false);
    }
  });
});

describe('docs/ODD.md', () => {
  it('names only parameters and groups that exist', async () => {
    const text = await read('ODD.md');
    // Code in fenced blocks (the equations) and in inline spans.
    const fenced = [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const inline = [...text.replace(/```[^\n]*\n[\s\S]*?```/g, '').matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);
    const known = new Set([...describeParameters().map((p) => p.path), ...describeGroups().map((g) => g.path)]);
    const named = new Set<string>();
    for (const code of [...fenced, ...inline]) {
      for (const m of code.matchAll(/(?<![\w./-])([A-Za-z_]\w*(?:\.\w+)+)/g)) {
        if (TOP_LEVEL.has(m[1]!.split('.')[0]!)) named.add(m[1]!);
      }
    }
    expect(named.size, 'ODD.md should name parameters by their dot paths').toBeGreaterThan(50);
    expect([...named].filter((p) => !known.has(p)), 'paths in docs/ODD.md that are not in src/scenario/schema.ts').toEqual([]);
  });

  it('lists every metric, in the recorded order and with its unit (Observation)', async () => {
    // Rows of the Observation table: the names in the first cell (one or several), the unit in the second, whether
    // they are scaled (counted for the agents or the county) in the third.
    const text = await read('ODD.md');
    const observation = text.slice(text.indexOf('### Observation'), text.indexOf('\n## 5.'));
    const documented = [...observation.matchAll(/^\| ((?:`[a-z0-9_]+`(?:, )?)+) \| ([^|]+) \| (yes|no) \|/gm)].flatMap((row) =>
      [...row[1]!.matchAll(/`([a-z0-9_]+)`/g)].map((name) => ({ name: name[1]!, unit: row[2]!.trim(), scaled: row[3] === 'yes' })),
    );
    expect(documented, 'docs/ODD.md (Observation) should list the metrics of src/model/metrics.ts, in order, with their units and scaling').toEqual(
      METRICS.map((m) => ({ name: m.name, unit: m.unit, scaled: m.scaled })),
    );
  });

  it('lists every person and channel column as a state variable (Entities)', async () => {
    const text = await read('ODD.md');
    const table = (from: string, to: string) => {
      const section = text.slice(text.indexOf(from), text.indexOf(to));
      return [...section.matchAll(/^\| ((?:`[A-Za-z]+`(?:, )?)+) \|/gm)].flatMap((row) => [...row[1]!.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]!));
    };
    expect(table('### Persons (agents)', '### Creator channels').sort()).toEqual(Object.keys(PERSON_COLUMNS).sort());
    expect(table('### Creator channels', '### Villages and the county').sort()).toEqual(Object.keys(CHANNEL_COLUMNS).sort());
  });

  it('lists the schedule: every step, in order, with its section (Process overview)', async () => {
    const text = await read('ODD.md');
    const process = text.slice(text.indexOf('## 3. Process overview'), text.indexOf('### Deviations'));
    const rows = [...process.matchAll(/^\| (\d+) \| `([a-z_]+)` \|.*\| ([\d., ]+) \| [^|]+ \|$/gm)].map((row) => ({ step: row[2], odd: row[3]!.trim() }));
    expect(rows, 'docs/ODD.md section 3 should list SCHEDULE of src/model/definition.ts').toEqual(SCHEDULE.map((s) => ({ step: s.name, odd: s.odd })));
    // Every section a step names exists.
    for (const step of SCHEDULE) for (const section of step.odd.split(', ')) expect(text, `section ${section} of step ${step.name}`).toContain(`### ${section} `);
  });
});
