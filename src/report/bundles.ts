import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The browser builds of vega, vega-lite and vega-embed, read from the installed packages so the report carries
 * them inline and works offline. The packages' `exports` hide their build folders, so each is found next to the
 * module the package's entry point resolves to.
 */

export interface Bundle {
  readonly name: string;
  readonly version: string;
  readonly code: string;
}

const require = createRequire(import.meta.url);

const BUNDLES = [
  { name: 'vega', file: 'vega.min.js' },
  { name: 'vega-lite', file: 'vega-lite.min.js' },
  { name: 'vega-embed', file: 'vega-embed.min.js' },
] as const;

let cached: Promise<Bundle[]> | undefined;

export function browserBundles(): Promise<Bundle[]> {
  cached ??= Promise.all(BUNDLES.map(load));
  return cached;
}

async function load({ name, file }: (typeof BUNDLES)[number]): Promise<Bundle> {
  const build = dirname(require.resolve(name)); // <package>/build
  const code = await readFile(join(build, file), 'utf8');
  const pkg: unknown = JSON.parse(await readFile(join(build, '..', 'package.json'), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : 'unknown';
  // Inline scripts end at the first "</script"; the minified builds contain none, but make sure.
  if (/<\/script/i.test(code)) throw new Error(`${join(build, file)} contains "</script" and cannot be inlined`);
  return { name, version, code };
}
