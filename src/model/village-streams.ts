// The setup's draws keyed by village (persons.ts, ties.ts): each village's persons and ties come from a generator of
// its own, seeded as the person pass's blocks are (kernel/draws.ts), so villages can be drawn on any thread, in any
// order, with the same bytes.
import type { Random } from '../core/random.js';
import { seedBlock, seedWord } from './kernel/draws.js';

/** The month words of the setup's streams: above every month of the pass (t < 2^15) and of the ageing (2^16 + t). */
export const Purpose = { POPULATION: 1 << 17, TIES: (1 << 17) + 1 } as const;

/** Starts `rng` on village v's stream for `purpose`, in the replication keyed by `key` (four 32-bit words). */
export function startVillage(rng: Random, key: Int32Array, purpose: number, v: number): void {
  seedBlock(key[0]!, key[1]!, key[2]!, key[3]!, purpose, v);
  rng.start(seedWord(0), seedWord(1), seedWord(2), seedWord(3));
}

/**
 * `threads` contiguous ranges of about equal shares of a total, given its running sums (before[k]: the total of
 * items 0..k-1, before[n] the whole): thread r takes items first[r]..first[r+1]-1, cut at the item boundary nearest
 * each share's end (cutting after the items that begin in a share gave one thread five of the ties' nine chunks).
 * The setup splits villages by their persons (before = villageStart) and the ties' chunks by their ends.
 */
export function shareRanges(before: ArrayLike<number>, threads: number): number[] {
  const items = before.length - 1;
  const total = before[items]!;
  return Array.from({ length: threads + 1 }, (_, r) => {
    if (r === 0) return 0;
    if (r === threads) return items;
    const target = (r * total) / threads;
    let k = 0;
    while (k < items && before[k]! < target) k++;
    return k > 0 && target - before[k - 1]! < before[k]! - target ? k - 1 : k;
  });
}
