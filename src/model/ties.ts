import type { Random } from './random.js';

/**
 * Acquaintance ties as a compressed sparse row graph: the acquaintances of person i are
 * neighbours[offsets[i]..offsets[i+1]-1]. Ties are mutual: each person makes `local` ties in their
 * own village and `county` ties anywhere, and every tie is stored in both directions.
 */
export interface Ties {
  readonly offsets: Int32Array;
  readonly neighbours: Int32Array;
}

export function createTies(villageStart: Int32Array, local: number, county: number, rng: Random): Ties {
  const villages = villageStart.length - 1;
  const n = villageStart[villages]!;
  const made = local + county;
  const from = new Int32Array(n * made);
  const to = new Int32Array(n * made);
  const degree = new Int32Array(n + 1);
  let e = 0;
  for (let v = 0; v < villages; v++) {
    const lo = villageStart[v]!;
    const size = villageStart[v + 1]! - lo;
    for (let i = lo; i < lo + size; i++) {
      for (let k = 0; k < made; k++) {
        // A local tie needs another person in the village; in a village of one it goes county-wide.
        const j = k < local && size > 1 ? lo + ((i - lo + 1 + rng.int(size - 1)) % size) : rng.int(n);
        if (j === i) continue;
        from[e] = i;
        to[e] = j;
        degree[i]!++;
        degree[j]!++;
        e++;
      }
    }
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + degree[i]!;
  const fill = offsets.slice(0, n);
  const neighbours = new Int32Array(offsets[n]!);
  for (let k = 0; k < e; k++) {
    const a = from[k]!;
    const b = to[k]!;
    neighbours[fill[a]!++] = b;
    neighbours[fill[b]!++] = a;
  }
  return { offsets, neighbours };
}
