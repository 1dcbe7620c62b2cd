import seedrandom from 'seedrandom';

/** The seed of replication `rep` of a scenario seeded `seed`: a hash, so neighbouring reps are independent. */
export function repSeed(seed: number, rep: number): number {
  return seedrandom.alea(`homeward:${seed}:${rep}`).int32() >>> 0;
}
