import seedrandom from 'seedrandom';

/** The seed of replication `rep` of a scenario seeded `seed`: a hash, so neighbouring reps are independent. */
export function repSeed(seed: number, rep: number): number {
  return seedrandom.alea(`homeward:${seed}:${rep}`).int32() >>> 0;
}

/** The rep seeds of a run: rep r uses seeds[r]. */
export function repSeeds(seed: number, reps: number): number[] {
  return Array.from({ length: reps }, (_, r) => repSeed(seed, r));
}
