/**
 * Reading ahead: a step that reaches persons scattered over memory (movers, creators' owners, persons drawn at
 * random) first reads the columns it will use of the next READ_AHEAD of them in one tight loop, then does its work.
 * Nearly every such read misses the cache; the code of one person's turn is too long for the CPU to run ahead to
 * the next person's reads, so the misses would come one after another, while in the tight loop they overlap and the
 * work then finds the memory in cache. (JavaScript has no prefetch instruction.) Reading changes nothing: the steps'
 * results are the same byte for byte.
 */

/** Persons read ahead at a time. */
export const READ_AHEAD = 32;

let sink = 0;

/** Keeps the sum of what was read ahead, so the compiler cannot drop the reads as unused. */
export function keepRead(sum: number): void {
  sink += sum;
}
