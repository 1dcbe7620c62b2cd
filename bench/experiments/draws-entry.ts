// AssemblyScript only: draws.ts alone as WebAssembly, for bench/experiments/draws.mjs.
import { bindDraws } from '../../src/model/kernel/draws';
export { drawBlock } from '../../src/model/kernel/draws';
const out = new Float64Array(8192);
bindDraws(out);
/** Draw d of the last block (to check the two paths agree). */
export function draw(d: i32): f64 {
  return out[d];
}
