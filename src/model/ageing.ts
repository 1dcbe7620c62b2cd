import type { Scenario } from '../scenario/schema.js';
import { AGEING, bindDraws, boundDraws, drawBlock } from './kernel/draws.js';
import { BLOCK, trait, traitCode } from './kernel/person-pass.js';
import { familyPullMarried, Flag, Status } from './persons.js';

/**
 * The yearly ageing of the persons away or at home (step 1 in January, ODD 7.1), on the person pass's threads: each
 * thread ages the persons of the blocks it claims. A block's two uniforms a person slot (marrying, children) are keyed by
 * (replication, AGEING + month, block), as the pass's are by month (kernel/draws.ts), so neither the split nor the
 * order of the blocks changes a byte. Persons reaching population.exit_age are only aged and listed here, block by
 * block: the replication's thread then takes them out of the model in person order (state.ts leaveModel changes
 * shared counts and draws from the replication's stream).
 */
export interface AgeingInputs {
  readonly status: Uint8Array;
  readonly age: Uint8Array;
  readonly flags: Uint8Array;
  readonly family: Uint16Array;
  readonly modernity: Uint16Array;
  /** Chance of marrying on turning each age (persons.ts marriageChance), ages 0..exit_age. */
  readonly marry: Float64Array;
  readonly exitAge: number;
  readonly childrenIfMarried: number;
  readonly modernityPerYear: number;
  readonly traits: Pick<Scenario['traits'], 'family_married' | 'family_children'>;
}

/** The columns of AgeingInputs (threads take new inputs when one of them is another array). */
export const AGEING_COLUMNS = ['status', 'age', 'flags', 'family', 'modernity'] as const;

/** One thread's draws for a block (the draws module writes where it is bound; the pass's binding is put back). */
const scratch = new Float64Array(2 * BLOCK);
/** The persons of a block who reach the exit age, in person order. */
const exits = new Int32Array(BLOCK);

/** Where a block's persons reaching the exit age go: exits[0..n-1] of block `block`. */
export type ExitSink = (block: number, exits: Int32Array, n: number) => void;

/** A modernity code after a year's fading, by the code before (for the modernityPerYear it was made for). */
const faded = new Uint16Array(65536);
let fadedFor = NaN;

/** The fading of modernity, traitCode(clip01(trait(q) + perYear)), for every code q: a lookup a person. */
function fadingTable(perYear: number): Uint16Array {
  if (perYear !== fadedFor) {
    for (let q = 0; q < 65536; q++) faded[q] = traitCode(Math.min(1, Math.max(0, trait(q) + perYear)));
    fadedFor = perYear;
  }
  return faded;
}

/**
 * Ages the persons of blocks from..to-1 of `count` persons in January month t, draws keyed by `key`; each block's
 * persons reaching the exit age go to `exited`, block by block.
 */
export function ageBlocks(a: AgeingInputs, key: Int32Array, t: number, from: number, to: number, count: number, exited: ExitSink): void {
  const fade = fadingTable(a.modernityPerYear);
  const bound = boundDraws();
  bindDraws(scratch);
  for (let b = from; b < to; b++) {
    const lo = b * BLOCK;
    const hi = Math.min(count, lo + BLOCK);
    drawBlock(key[0]!, key[1]!, key[2]!, key[3]!, AGEING + t, b, hi - lo);
    exited(b, exits, ageBlock(a, fade, lo, hi));
  }
  bindDraws(bound);
}

/**
 * Ages persons lo..hi-1 of one block with its draws in `scratch`, and lists those reaching the exit age in `exits`;
 * returns how many. A function a block, called some 500 times a year at 1 M agents, so V8 optimises it whole early in
 * the run (a loop over all persons in one call, run once a year, ran its first years unoptimised: 47 ms a year against
 * 32 at 2 million persons).
 */
function ageBlock(a: AgeingInputs, fade: Uint16Array, lo: number, hi: number): number {
  const { status, age, flags, family, modernity, marry, exitAge, childrenIfMarried, traits } = a;
  const draws = scratch;
  let n = 0;
  for (let i = lo; i < hi; i++) {
    const st = status[i]!;
    if (st === Status.NotYet || st === Status.Left) continue;
    const years = age[i]! + 1;
    age[i] = years;
    if (years >= exitAge) {
      exits[n++] = i;
      continue;
    }
    if ((flags[i]! & Flag.Married) === 0 && draws[2 * (i - lo)]! < marry[years]!) {
      // Marry with the probability that keeps the married share on the scenario's age curve.
      const children = draws[2 * (i - lo) + 1]! < childrenIfMarried;
      flags[i] = flags[i]! | Flag.Married | (children ? Flag.Children : 0);
      family[i] = traitCode(familyPullMarried(traits, trait(family[i]!), children ? 1 : 0));
    }
    // The wish for modernity fades with age (every person away or at home).
    modernity[i] = fade[modernity[i]!]!;
  }
  return n;
}
