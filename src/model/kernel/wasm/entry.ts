// AssemblyScript only (asc compiles it, tsc does not): the WebAssembly face of the person pass. The host (../load.ts)
// lays out the person columns, the month's tables and the pass's scratch in the module's memory and writes a table
// of (address, bytes) pairs; bind() wraps each region in a typed array the portable source then indexes as the
// JavaScript path indexes the host's arrays (--uncheckedBehavior always: the host sized every region).
import { bindMonth, bindPersons } from '../person-pass';
export { listBlock, decideAway, decideHome } from '../person-pass';

/** A typed array over bytes of memory at ptr, not owned by the runtime (the stub runtime never frees). */
function view<T>(table: usize, k: i32): T {
  const ptr = load<u32>(table + (<usize>k << 3));
  const bytes = load<u32>(table + (<usize>k << 3) + 4);
  const v = __new(offsetof<T>(), idof<T>());
  store<usize>(v, ptr, offsetof<T>('dataStart'));
  store<i32>(v, bytes, offsetof<T>('byteLength'));
  return changetype<T>(v);
}

/** Binds every region of the layout table (the order of ../load.ts REGIONS). Returns the runtime's heap end, which the host keeps clear of its regions. */
export function bind(table: usize): usize {
  bindPersons(
    view<Uint8Array>(table, 0),
    view<Int16Array>(table, 1),
    view<Uint16Array>(table, 2),
    view<Float32Array>(table, 3),
    view<Float32Array>(table, 4),
    view<Uint8Array>(table, 5),
    view<Float32Array>(table, 6),
    view<Float32Array>(table, 7),
    view<Float32Array>(table, 8),
    view<Float32Array>(table, 9),
    view<Float32Array>(table, 10),
    view<Float32Array>(table, 11),
    view<Uint8Array>(table, 12),
    view<Uint8Array>(table, 13),
    view<Int16Array>(table, 14),
    view<Uint16Array>(table, 15),
    view<Int32Array>(table, 16),
    view<Uint16Array>(table, 17),
    view<Uint16Array>(table, 18),
    view<Uint16Array>(table, 19),
    view<Uint8Array>(table, 20),
  );
  bindMonth(
    view<Float64Array>(table, 21),
    view<Float64Array>(table, 22),
    view<Float64Array>(table, 23),
    view<Float64Array>(table, 24),
    view<Float64Array>(table, 25),
    view<Float64Array>(table, 26),
    view<Float64Array>(table, 27),
    view<Int32Array>(table, 28),
    view<Int32Array>(table, 29),
    view<Int32Array>(table, 30),
    view<Int32Array>(table, 31),
    view<Int32Array>(table, 32),
    view<Int32Array>(table, 33),
    view<Float64Array>(table, 34),
  );
  return __alloc(0);
}
