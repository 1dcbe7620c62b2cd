// The person pass's keyed draws (src/model/kernel/draws.ts) in nanoseconds a draw, JavaScript (tsc's output in
// dist/) and WebAssembly (draws.ts alone, compiled here with the package's asc and the build's flags), alternating,
// whole blocks of 4,096 person slots as the pass draws them; checks that both paths give the same draws.
//   npx tsc -p tsconfig.build.json && node bench/experiments/draws.mjs [ROUNDS] [CHECKOUT]
// CHECKOUT (default this one): a checkout with dist/ built, whose draws.ts is measured (another version side by side).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
const here = resolve(import.meta.dirname, '../..');
const root = resolve(process.argv[3] ?? here);
const js = await import(`${root}/dist/model/kernel/draws.js`);
const dir = mkdtempSync(join(tmpdir(), 'draws-'));
// The entry imports draws.ts by a relative path: a copy of it beside the checkout's src/.
const entry = join(root, 'src', `draws-entry-${process.pid}.ts`);
// The WebAssembly build's drawBlock: wasm/draws-lanes.ts where the checkout has it (SIMD), else draws.ts's.
const lanes = existsSync(join(root, 'src/model/kernel/wasm/draws-lanes.ts'));
const source = readFileSync(join(here, 'bench/experiments/draws-entry.ts'), 'utf8').replaceAll('../../src/', './');
writeFileSync(entry, lanes ? source.replace("export { drawBlock } from './model/kernel/draws';", "export { drawBlock } from './model/kernel/wasm/draws-lanes';") : source);
try {
  execFileSync(join(here, 'node_modules/.bin/asc'), [entry, '-O3', '--noAssert', '--runtime', 'stub', '--uncheckedBehavior', 'always', '--disable', 'nontrapping-f2i', '--enable', 'simd', '-o', join(dir, 'd.wasm')], { stdio: 'inherit' });
} finally {
  rmSync(entry);
}
const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, 'd.wasm')), { env: { abort: () => { throw new Error('abort'); } } });
rmSync(dir, { recursive: true });
const wasm = instance.exports;
const SLOTS = 4096, BLOCKS = 2000;
const out = new Float64Array(2 * SLOTS);
js.bindDraws(out);
const K = [0x12345678, 0x9abcdef0 | 0, 0xdeadbeef | 0, 0x01234567];
for (let b = 0; b < 50; b++) {
  js.drawBlock(...K, 7, b, SLOTS);
  wasm.drawBlock(...K, 7, b, SLOTS);
  for (let d = 0; d < 2 * SLOTS; d++) if (!Object.is(out[d], wasm.draw(d))) throw new Error(`block ${b} draw ${d}: JavaScript ${out[d]}, WebAssembly ${wasm.draw(d)}`);
}
const time = (f) => {
  const t0 = process.cpuUsage().user;
  for (let b = 0; b < BLOCKS; b++) f(K[0], K[1], K[2], K[3], b & 255, b, SLOTS);
  return ((process.cpuUsage().user - t0) * 1e3) / (BLOCKS * 2 * SLOTS); // CPU time: steadier than the wall on a shared machine
};
const rounds = Number(process.argv[2] ?? 7);
const ns = { js: [], wasm: [] };
for (let r = 0; r < rounds; r++) for (const p of r % 2 ? ['wasm', 'js'] : ['js', 'wasm']) ns[p].push(time(p === 'js' ? js.drawBlock : wasm.drawBlock));
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const p of ['js', 'wasm']) console.log(`${p.padEnd(5)} ns/draw median ${med(ns[p]).toFixed(3)}  min ${Math.min(...ns[p]).toFixed(3)}  (${rounds} rounds of ${BLOCKS} blocks of ${SLOTS} slots, 2 draws a slot)`);
