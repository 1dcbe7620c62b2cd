import { readFileSync } from 'node:fs';

/** What made an output (run.json, calibrate.json, a sweep's manifest, the report): the versions of homeward and Node. */

/** The package version, read from package.json (two levels up from both src/output and dist/output). */
export function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
  return typeof version === 'string' ? version : 'unknown';
}

/** The Node.js version running, e.g. v20.19.0. */
export function nodeVersion(): string {
  return process.version;
}
