import type { Random } from '../core/random.js';

/**
 * Acquaintance ties as a compressed sparse row graph: the acquaintances of person i are
 * neighbours[offsets[i]..offsets[i+1]-1]. Ties are mutual: each person makes `local` ties in their
 * own village and `county` ties anywhere, and every tie is stored in both directions.
 */
export interface Ties {
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
}

/** Calls tie(i, j) for every tie, in a fixed order of draws. */
function drawTies(villageStart: Int32Array, local: number, county: number, rng: Random, tie: (i: number, j: number) => void): void {
  const villages = villageStart.length - 1;
  const n = villageStart[villages]!;
  const made = local + county;
  for (let v = 0; v < villages; v++) {
    const lo = villageStart[v]!;
    const size = villageStart[v + 1]! - lo;
    for (let i = lo; i < lo + size; i++) {
      for (let k = 0; k < made; k++) {
        // A local tie needs another person in the village; in a village of one it goes county-wide.
        const j = k < local && size > 1 ? lo + ((i - lo + 1 + rng.int(size - 1)) % size) : rng.int(n);
        if (j !== i) tie(i, j);
      }
    }
  }
}

/**
 * The ties, built in place: the same draws are made twice from the same point of the stream, first to count each
 * person's acquaintances, then to place them. Nothing but the graph itself is allocated, so building it needs no
 * more memory than keeping it (a list of ties drawn first would need as much again).
 */
export function createTies(villageStart: Int32Array, local: number, county: number, rng: Random): Ties {
  const n = villageStart[villageStart.length - 1]!;
  // offsets[i + 1] counts i's acquaintances, then (summed) ends their list.
  const offsets = new Int32Array(n + 1);
  const start = rng.save();
  drawTies(villageStart, local, county, rng, (i, j) => {
    offsets[i + 1]!++;
    offsets[j + 1]!++;
  });
  let total = 0;
  for (let i = 1; i <= n; i++) total = offsets[i] = total + offsets[i]!;
  if (total > 2 ** 31 - 1) throw new RangeError(`${total} acquaintance ties do not fit an Int32Array index: fewer agents or ties`);
  const neighbours = new Int32Array(total);
  rng.restore(start);
  // Lists fill from their end, so each offsets[i + 1] ends at the start of i's list...
  drawTies(villageStart, local, county, rng, (i, j) => {
    neighbours[--offsets[i + 1]!] = j;
    neighbours[--offsets[j + 1]!] = i;
  });
  // ...which is where offsets[i] belongs.
  offsets.copyWithin(0, 1);
  offsets[n] = total;
  return { offsets, neighbours };
}
