import { newArray } from './columns.js';

/** What GrowableBytes uses of the WebAssembly API (ES2022's lib, which the model compiles against, does not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
const wasmMemory = (globalThis as { WebAssembly?: { Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory } }).WebAssembly?.Memory;

const PAGE = 65536;
/** A WebAssembly memory holds at most 4 GiB (65,536 pages); beyond, the bytes move to an ArrayBuffer. */
const MAX_PAGES = 65536;

/** A WebAssembly memory to grow (shared: over a SharedArrayBuffer), or undefined where none can be had (no WebAssembly, or no address space left for one). */
function newMemory(shared: boolean): WasmMemory | undefined {
  try {
    return wasmMemory === undefined ? undefined : new wasmMemory({ initial: 0, maximum: MAX_PAGES, shared });
  } catch {
    return undefined;
  }
}

/** Whether the memory grew by `pages` (it cannot when the machine refuses the memory). */
function grown(memory: WasmMemory, pages: number): boolean {
  try {
    memory.grow(pages);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bytes appended a stretch at a time, to a total not known in advance, without holding them twice: in a WebAssembly
 * memory, which grows in place (a 64-bit host reserves its address range up front, and a page takes memory only once
 * written), so growing never copies. Where WebAssembly is missing, past its 4 GiB or refused, in an ArrayBuffer that grows
 * by half again, copying. The acquaintance ties (model/ties.ts) are built in one. `shared`: the bytes are over a
 * SharedArrayBuffer, which other threads can read without a copy.
 */
export class GrowableBytes {
  private memory: WasmMemory | undefined;
  private buffer: Uint8Array;
  length = 0;

  constructor(private readonly shared = false) {
    this.memory = newMemory(shared);
    this.buffer = this.memory === undefined ? newArray(Uint8Array, 0, shared) : new Uint8Array(this.memory.buffer);
  }

  /** Room for `extra` more bytes; returns the array to write them to, from index `length` (valid until the next call). */
  room(extra: number): Uint8Array {
    const need = this.length + extra;
    if (need <= this.buffer.length) return this.buffer;
    const pages = Math.ceil(need / PAGE);
    if (this.memory !== undefined && pages <= MAX_PAGES && grown(this.memory, pages - this.memory.buffer.byteLength / PAGE)) {
      this.buffer = new Uint8Array(this.memory.buffer);
    } else {
      const next = newArray(Uint8Array, Math.max(need, Math.ceil(this.buffer.length * 1.5)), this.shared);
      next.set(this.buffer.subarray(0, this.length));
      this.memory = undefined;
      this.buffer = next;
    }
    return this.buffer;
  }

  /** The bytes appended so far (a view: valid while nothing more is appended). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
