// AssemblyScript only (asc compiles it, tsc does not): the WebAssembly face of the person pass. The host (../load.ts)
// lays out the person columns, the month's tables and the pass's scratch in the module's memory (shared: threads
// of one replication run instances of this module over it, ../pass-threads.ts) and writes, for each thread, a table
// of (address, bytes) pairs; bind() wraps each region in a typed array the portable source then indexes as the
// JavaScript path indexes the host's arrays (--uncheckedBehavior always: the host sized every region).
import { bindMonth, bindPersons } from '../person-pass';
import { bindDraws } from '../draws';
export { listBlock, decideAway, decideHome } from '../person-pass';
export { drawBlock } from './draws-lanes';

/** Bytes of one typed array object placed by view(): the runtime's header (20 bytes) and the object (12), rounded. */
const OBJECT_BYTES: usize = 48;
const HEADER: usize = 20;

/**
 * A typed array over bytes of memory at ptr, its object placed at `objects` + k * OBJECT_BYTES (a region the host
 * gives each thread): not allocated by the runtime, whose heap every instance over the shared memory starts at the
 * same address, so objects made there by two threads would overwrite each other.
 */
function view<T>(table: usize, objects: usize, k: i32): T {
  const ptr = load<u32>(table + (<usize>k << 3));
  const bytes = load<u32>(table + (<usize>k << 3) + 4);
  const v = objects + <usize>k * OBJECT_BYTES + HEADER;
  // The header's rtId and rtSize (what __new writes there; the stub runtime reads neither).
  store<u32>(v - 8, idof<T>());
  store<u32>(v - 4, offsetof<T>());
  store<usize>(v, ptr, offsetof<T>('buffer'));
  store<usize>(v, ptr, offsetof<T>('dataStart'));
  store<i32>(v, bytes, offsetof<T>('byteLength'));
  return changetype<T>(v);
}

/** Bytes bind() needs at `objects`. */
export function objectBytes(): usize {
  return 34 * OBJECT_BYTES;
}

/**
 * Binds every region of the layout table (the order of ../load.ts specs), the typed arrays placed at `objects`.
 * Returns the runtime's heap end (its tables, made at start), which the host keeps clear of its regions.
 */
export function bind(table: usize, objects: usize): usize {
  bindPersons(
    view<Uint8Array>(table, objects, 0),
    view<Int16Array>(table, objects, 1),
    view<Uint16Array>(table, objects, 2),
    view<Float32Array>(table, objects, 3),
    view<Float32Array>(table, objects, 4),
    view<Uint8Array>(table, objects, 5),
    view<Uint16Array>(table, objects, 6),
    view<Uint16Array>(table, objects, 7),
    view<Uint16Array>(table, objects, 8),
    view<Uint16Array>(table, objects, 9),
    view<Uint16Array>(table, objects, 10),
    view<Uint16Array>(table, objects, 11),
    view<Uint8Array>(table, objects, 12),
    view<Int16Array>(table, objects, 13),
    view<Uint16Array>(table, objects, 14),
    view<Int32Array>(table, objects, 15),
    view<Uint16Array>(table, objects, 16),
    view<Uint16Array>(table, objects, 17),
    view<Uint16Array>(table, objects, 18),
    view<Uint8Array>(table, objects, 19),
  );
  const draws = view<Float64Array>(table, objects, 26);
  bindMonth(
    view<Float64Array>(table, objects, 20),
    view<Float64Array>(table, objects, 21),
    view<Float64Array>(table, objects, 22),
    view<Float64Array>(table, objects, 23),
    view<Float64Array>(table, objects, 24),
    view<Float64Array>(table, objects, 25),
    draws,
    view<Int32Array>(table, objects, 27),
    view<Int32Array>(table, objects, 28),
    view<Int32Array>(table, objects, 29),
    view<Int32Array>(table, objects, 30),
    view<Int32Array>(table, objects, 31),
    view<Int32Array>(table, objects, 32),
    view<Float64Array>(table, objects, 33),
  );
  bindDraws(draws);
  return __alloc(0);
}
