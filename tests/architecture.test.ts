// The layers of src/: a folder imports from lower layers only, never from a higher one or a neighbour in its own
// layer; above the engine, the model is reached only through its definition; and no file imports itself through
// others (no cycle, not even within a folder). Read from the import statements of every file (type-only and dynamic
// imports included: a type-only cycle still means two modules that cannot be understood, or moved, one without the
// other).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..', 'src');

/** The folders of src/ from low to high. Folders of one entry are one layer and do not import each other. */
const LAYERS: readonly { readonly folders: readonly string[]; readonly why: string }[] = [
  { folders: ['scenario'], why: 'the schema, loading and values by path: the input of everything else' },
  { folders: ['core'], why: 'the model definition the engine runs and its result, typed over a scenario; columns declared once; the reductions of headline outcomes and the statistics of distributions that the model and the analyses share' },
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
  { folders: ['explore'], why: 'the explore page: the model, its analyses and charts bundled for the browser, and the HTML file that holds them' },
  { folders: ['cli'], why: 'the homeward command: arguments, progress, writing, signals' },
  { folders: ['bench'], why: 'times the engine and the whole sweep command (cli)' },
  { folders: ['docs'], why: 'a program of its own: writes docs/parameters.md from the schema' },
];

/** Pairs of folders whose rule is not checked here. */
const UNCHECKED: readonly (readonly [string, string])[] = [];

/**
 * The model's public face: the one file of model/ that folders above the engine may import. It holds the definition
 * the engine runs and what derives from it (metric names, snapshot and result types), and re-exports nothing, so the
 * model's state, steps and formulas stay out of reach.
 */
const MODEL_FACE = 'model/definition.ts';
/** Folders that may import any file of model/: the model itself, and the programs that choose it and time it. */
const MODEL_USERS: readonly string[] = ['model', 'cli', 'bench'];

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

/** The file an import names, relative to src/ (`./x.js` → `folder/x.ts`); undefined for a package. */
function targetOf({ file, specifier }: Import): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return relative('.', join(dirname(file), specifier)).split(sep).join('/').replace(/\.js$/, '.ts');
}

/** Every import of a file of model/ other than its face, from a folder other than the model's users. */
function pastTheDefinition(imports: readonly Import[]): string[] {
  return imports
    .filter((i) => !MODEL_USERS.includes(folderOf(i.file)) && folderOf(targetOf(i) ?? '') === 'model' && targetOf(i) !== MODEL_FACE)
    .map((i) => `${i.file} imports ${i.specifier}: only ${MODEL_FACE} (the model definition) may be imported from model/ here`);
}

/** Statements of a file that export from another module (`export { x } from './y.js'`, `export * from ...`). */
function reExports(text: string): string[] {
  const source = ts.createSourceFile('face.ts', text, ts.ScriptTarget.Latest);
  return source.statements.filter((s) => ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined).map((s) => s.getText(source));
}

/**
 * Every cycle of imports, one per group of files that import each other (a strongly connected component), named
 * by a shortest path from its first file back to it: `a.ts → b.ts → a.ts`.
 */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  // Tarjan's strongly connected components.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do component.push((w = stack.pop()!));
      while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((component) => {
    const inside = new Set(component);
    const start = [...component].sort()[0]!;
    // Breadth first from start, within the component, back to start.
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      const next = (graph.get(v) ?? []).filter((w) => inside.has(w));
      if (next.includes(start)) {
        const path = [start];
        for (let u = v; u !== start; u = previous.get(u)!) path.splice(1, 0, u);
        return [...path, start].join(' → ');
      }
      for (const w of next) if (!previous.has(w)) previous.set(w, v), queue.push(w);
    }
    return component.join(' → ');
  });
}

/** The import graph of files relative to src/: each file → the files of src/ it imports. */
function importGraph(imports: readonly Import[], files: readonly string[]): Map<string, string[]> {
  const graph = new Map(files.map((f) => [f, [] as string[]]));
  for (const i of imports) {
    const target = targetOf(i);
    if (target !== undefined && !graph.get(i.file)!.includes(target)) graph.get(i.file)!.push(target);
  }
  return graph;
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

  it('above the engine, the model is imported only through its definition, which re-exports nothing', () => {
    expect(pastTheDefinition(imports)).toEqual([]);
    expect(reExports(readFileSync(join(SRC, MODEL_FACE), 'utf8'))).toEqual([]);
  });

  it('no file imports itself through others, not even within a folder', () => {
    const graph = importGraph(imports, files.map((path) => relative(SRC, path).split(sep).join('/')));
    expect(graph.get('output/run-files.ts')).toContain('output/run-tables.ts');
    expect(cycles(graph)).toEqual([]);
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

  it('lets only the model, the command and the benchmark past the model definition', () => {
    const past = (file: string, specifier: string) => pastTheDefinition([{ file, specifier }]);
    expect(past('output/csv.ts', '../model/metrics.js')).toEqual(['output/csv.ts imports ../model/metrics.js: only model/definition.ts (the model definition) may be imported from model/ here']);
    expect(past('calibrate/plan.ts', '../model/memory.js')).toHaveLength(1);
    expect(past('output/csv.ts', '../model/definition.js')).toEqual([]);
    expect(past('cli/run.ts', '../model/memory.js')).toEqual([]);
    expect(past('model/state.ts', './decision.js')).toEqual([]);
    expect(past('analysis/summary.ts', '../core/distribution.js')).toEqual([]);
  });

  it('finds re-exports', () => {
    expect(reExports("export { a } from './a.js';\nexport * from './b.js';\nexport const c = 1;\nimport { d } from './d.js';\nexport { d };")).toEqual([
      "export { a } from './a.js';",
      "export * from './b.js';",
    ]);
  });

  it('names each cycle by a shortest path, within a folder and across folders', () => {
    const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));
    expect(cycles(graph({ 'a/x.ts': ['a/y.ts'], 'a/y.ts': ['b/z.ts'], 'b/z.ts': [] }))).toEqual([]);
    expect(cycles(graph({ 'a/x.ts': ['a/y.ts'], 'a/y.ts': ['a/x.ts'] }))).toEqual(['a/x.ts → a/y.ts → a/x.ts']);
    expect(cycles(graph({ 'a/x.ts': ['a/x.ts'] }))).toEqual(['a/x.ts → a/x.ts']);
    expect(cycles(graph({ 'p.ts': ['q.ts', 'r.ts'], 'q.ts': ['s.ts'], 'r.ts': ['p.ts'], 's.ts': ['r.ts'], 't.ts': ['u.ts'], 'u.ts': ['t.ts'] }))).toEqual(['p.ts → r.ts → p.ts', 't.ts → u.ts → t.ts']);
    expect(importGraph([{ file: 'a/x.ts', specifier: '../b/y.js' }, { file: 'a/x.ts', specifier: 'yaml' }], ['a/x.ts', 'b/y.ts'])).toEqual(
      new Map([['a/x.ts', ['b/y.ts']], ['b/y.ts', []]]),
    );
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
