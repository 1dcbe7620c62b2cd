// The bytes the acquaintance ties are built in: appended in stretches, kept whole across growth, in a WebAssembly
// memory or (where WebAssembly is missing) an ArrayBuffer.
import { afterEach, describe, expect, it, vi } from 'vitest';

/** Appends stretches of 1 to 100,000 bytes (about 1.5 MB, so the memory grows many times) and reads them back. */
async function roundTrip(shared = false): Promise<Uint8Array> {
  const { GrowableBytes } = await import('../src/core/growable-bytes.js');
  const out = new GrowableBytes(shared);
  const want: number[] = [];
  for (let s = 0, x = 7; s < 30; s++) {
    const n = 1 + ((s * 7919) % 100_000);
    const room = out.room(n);
    for (let k = 0; k < n; k++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      room[out.length + k] = x & 0xff;
      want.push(x & 0xff);
    }
    out.length += n;
  }
  const bytes = out.bytes();
  expect(bytes.length).toBe(want.length);
  expect(bytes.every((b, k) => b === want[k])).toBe(true);
  return bytes;
}

describe('growable bytes', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('keep every stretch appended, in a WebAssembly memory', async () => {
    expect((await roundTrip()).buffer).toBeInstanceOf(ArrayBuffer);
  });

  it('and where WebAssembly is missing', async () => {
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    await roundTrip();
  });

  // Shared, the pass's threads read the ties without a copy (ties.ts createTies on several threads).
  it('over a SharedArrayBuffer when shared, in a WebAssembly memory and without one', async () => {
    expect((await roundTrip(true)).buffer).toBeInstanceOf(SharedArrayBuffer);
    vi.stubGlobal('WebAssembly', undefined);
    vi.resetModules();
    expect((await roundTrip(true)).buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});
