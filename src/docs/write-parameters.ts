import { writeFileAtomic } from '../output/atomic.js';
import path from 'node:path';
import { parametersMarkdown } from '../scenario/describe.js';

/**
 * Writes docs/parameters.md from the scenario schema (`npm run docs`). Run after changing a parameter's
 * default, range, unit, source or doc; tests/docs.test.ts fails until the file is regenerated.
 */
const file = path.join(import.meta.dirname, '..', '..', 'docs', 'parameters.md');
await writeFileAtomic(file, parametersMarkdown());
console.log(`wrote ${path.relative(process.cwd(), file) || file}`);
