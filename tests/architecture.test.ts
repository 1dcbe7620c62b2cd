// The layers of src/: a folder imports from lower layers only, never from a higher one or a neighbour in its own
// layer. Read from the import statements of every file (type-only and dynamic imports included).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/** The folders of src/ from low to high. Folders of one entry are one layer and do not import each other. */
const LAYERS: readonly { readonly folders: readonly string[]; readonly why: string }[] = [
  { folders: ['scenario'], why: 'the schema, loading and values by path: the input of everything else' },
  { folders: ['core'], why: 'the model definition the engine runs and its result, typed over a scenario; columns declared once' },
  { folders: ['model', 'engine'], why: "the model (its state, schedule and metrics) and the engine that runs any model definition: neither imports the other; they meet only in core's definition type" },
  { folders: ['analysis'], why: 'statistics over the replications the engine returns' },
  { folders: ['output'], why: 'the files of output directories, written from results and statistics and read back' },
  { folders: ['executor'], why: 'evaluators beyond this machine (SLURM job arrays): run the engine on nodes, write result files through output' },
  { folders: ['sensitivity'], why: "designs and estimators of sensitivity analysis, which calibration's history matching samples with" },
  { folders: ['compare', 'sweep', 'calibrate', 'search'], why: 'the features, libraries that return results; check lives in calibrate/' },
  { folders: ['plot'], why: 'chart specs of output directories (and of a check)' },
  { folders: ['render'], why: 'draws the chart specs as SVG and PNG' },
  { folders: ['report'], why: 'the HTML page of an output directory, with its chart specs' },
  { folders: ['kinds'], why: 'each kind of output directory: the files that tell it apart, its reader, charts and report' },
  { folders: ['cli'], why: 'the homeward command: arguments, progress, writing, signals' },
  { folders: ['bench'], why: 'times the engine and the whole sweep command (cli)' },
  { folders: ['docs'], why: 'a program of its own: writes docs/parameters.md from the schema' },
];

/** Pairs of folders whose rule is not checked here. */
const UNCHECKED: readonly (readonly [string, string])[] = [];

interface Import {
  /** The importing file, relative to src/ (`sweep/plan.ts`). */
  readonly file: string;
  /** The module specifier as written (`../scenario/load.js`). */
  readonly specifier: string;
}

/** The module specifiers a file imports: static, type-only, re-exports and dynamic imports. */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** The folder of a path relative to src/ ('' for a file directly in src/). */
function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 1 ? parts[0]! : '';
}

/** Every import that breaks the layering, in words. Package imports (`yaml`, `node:fs`) are not checked. */
function violations(imports: readonly Import[], layers: typeof LAYERS = LAYERS, unchecked: typeof UNCHECKED = UNCHECKED): string[] {
  const layerOf = new Map(layers.flatMap((l, i) => l.folders.map((f) => [f, i] as const)));
  const found: string[] = [];
  for (const { file, specifier } of imports) {
    if (!specifier.startsWith('.')) continue;
    const target = relative('.', join(dirname(file), specifier)).split(sep).join('/');
    const from = folderOf(file);
    const to = folderOf(target);
    const what = `${file} imports ${specifier}`;
    if (target.startsWith('..')) found.push(`${what}: outside src/`);
    else if (from === to || unchecked.some(([a, b]) => a === from && b === to)) continue;
    else if (!layerOf.has(from) || !layerOf.has(to)) found.push(`${what}: ${[from, to].filter((f) => !layerOf.has(f)).map((f) => `src/${f}`).join(' and ')} has no layer (add it to LAYERS)`);
    else if (layerOf.get(from)! < layerOf.get(to)!) found.push(`${what}: ${from} is below ${to}`);
    else if (layerOf.get(from) === layerOf.get(to)) found.push(`${what}: ${from} and ${to} are one layer`);
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('the layers of src/', () => {
  const files = sourceFiles(SRC);
  const imports = files.flatMap((path) => importsOf(readFileSync(path, 'utf8')).map((specifier) => ({ file: relative(SRC, path).split(sep).join('/'), specifier })));

  it('no file imports from a higher layer or a neighbour of its own', () => {
    expect(imports.length).toBeGreaterThan(100);
    expect(violations(imports)).toEqual([]);
  });

  it('every folder of src/ has a layer', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
    const placed = new Set(LAYERS.flatMap((l) => l.folders));
    expect(folders.filter((f) => !placed.has(f))).toEqual([]);
  });
});

describe('the layer checker', () => {
  const check = (file: string, specifier: string) => violations([{ file, specifier }]);

  it('refuses an import from a higher layer, and allows one from a lower', () => {
    expect(check('sweep/plan.ts', '../cli/usage.js')).toEqual(['sweep/plan.ts imports ../cli/usage.js: sweep is below cli']);
    expect(check('scenario/load.ts', '../output/atomic.js')).toEqual(['scenario/load.ts imports ../output/atomic.js: scenario is below output']);
    expect(check('cli/sweep.ts', '../sweep/plan.js')).toEqual([]);
    expect(check('output/read-run.ts', '../scenario/load.js')).toEqual([]);
  });

  it('refuses an import between the folders of one layer, not within a folder', () => {
    expect(check('calibrate/free.ts', '../sweep/design.js')).toEqual(['calibrate/free.ts imports ../sweep/design.js: calibrate and sweep are one layer']);
    expect(check('calibrate/free.ts', './optimise.js')).toEqual([]);
  });

  it('names a folder without a layer and an import from outside src/', () => {
    expect(check('extras/x.ts', '../scenario/load.js')).toEqual(['extras/x.ts imports ../scenario/load.js: src/extras has no layer (add it to LAYERS)']);
    expect(check('scenario/x.ts', '../../tests/support/cli.js')).toEqual(['scenario/x.ts imports ../../tests/support/cli.js: outside src/']);
  });

  it('leaves packages alone; keeps the model and the engine apart, both free to use core', () => {
    expect(check('scenario/load.ts', 'yaml')).toEqual([]);
    expect(check('model/state.ts', '../engine/simulate.js')).toHaveLength(1);
    expect(check('engine/pool.ts', '../model/definition.js')).toHaveLength(1);
    expect(check('engine/simulate.ts', '../core/definition.js')).toEqual([]);
    expect(check('model/definition.ts', '../core/definition.js')).toEqual([]);
  });

  it('reads static, type-only, re-exported and dynamic imports', () => {
    const text = [
      "import { a } from '../scenario/a.js';",
      "import type { B } from '../engine/b.js';",
      "export { c } from './c.js';",
      "import './side-effect.js';",
      "const { d } = await import('../render/write.js');",
      "// import { e } from '../cli/e.js' in a comment is not an import",
    ].join('\n');
    expect(importsOf(text)).toEqual(['../scenario/a.js', '../engine/b.js', './c.js', './side-effect.js', '../render/write.js']);
  });
});
