import { build, type Plugin } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { definition } from '../model/definition.js';
import { ASSETS, type Asset } from './assets.js';

/**
 * Bundles the explore page's two scripts with esbuild for the browser: the page (browser/page.ts) and its Web
 * Worker (browser/worker.ts), each one minified classic script with the model, the schema and the analyses inside.
 * `npm run build` runs this file after tsc and writes them to dist/explore/assets/; `homeward explore` inlines them.
 * Nothing here runs at `homeward explore` time: esbuild is a development dependency.
 */

/** One bundled script and the source files it took in (relative to the package root). */
export interface Bundled {
  readonly code: string;
  readonly inputs: readonly string[];
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function bundle(asset: Asset, root: string = ROOT): Promise<Bundled> {
  const result = await build({
    entryPoints: [join(root, ASSETS[asset].entry)],
    absWorkingDir: root,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // The definition's module URL tells Node's worker threads what to import; the page's workers load the bundle.
    define: { 'import.meta.url': JSON.stringify('homeward:browser-bundle') },
    plugins: [compiledCode(root)],
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

/** The module the worker imports the model's compiled code from (`import bytes from 'homeward:compiled'`). */
export const COMPILED_MODULE = 'homeward:compiled';

/**
 * Resolves COMPILED_MODULE to the bytes of the model's compiled code in dist/ (the person pass's WebAssembly, built
 * by `npm run build` before this runs), so the page's workers run the pass the CLI runs, without a file system.
 */
function compiledCode(root: string): Plugin {
  return {
    name: 'homeward-compiled',
    setup(b) {
      b.onResolve({ filter: /^homeward:compiled$/ }, () => ({ path: join(root, 'dist', definition.compiled.file), namespace: 'file' }));
      b.onLoad({ filter: /\.wasm$/ }, async (args) => ({ contents: await readFile(args.path), loader: 'binary' }));
    },
  };
}

/** Writes both bundles into dist/explore/assets/. */
export async function writeAssets(root: string = ROOT): Promise<void> {
  for (const asset of Object.keys(ASSETS) as Asset[]) {
    const { code } = await bundle(asset, root);
    const file = join(root, ASSETS[asset].file);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, code);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) await writeAssets();
