import { Random } from '../core/random.js';
import { EpsilonArchive } from './epsilon.js';
import { hypervolume } from './hypervolume.js';
import { crowdingDistance, dominates, nondominatedSort, type Fitness } from './pareto.js';

/**
 * NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002, IEEE Trans. Evol. Comput. 6(2):182-197) over real, integer and
 * categorical variables, with Deb's constraint-domination (pareto.ts). Written here: no maintained JavaScript
 * library does it (the npm registry has no NSGA-II package in use; jMetal, Platypus and pymoo are Java and Python).
 *
 * Each generation makes `population` offspring from the parents by binary tournament on the crowded comparison,
 * simulated binary crossover (SBX, Deb and Agrawal 1995, bounded form of Deb's reference code) and polynomial
 * mutation (Deb and Goyal 1996); integers are varied as reals and rounded; a categorical gene (an option's index) is
 * swapped between the parents with probability 1/2 and mutated to another option at random. Parents and offspring
 * together are sorted into fronts and the next parents are taken front by front, the last front by crowding distance.
 *
 * Every draw comes from one seeded generator in a fixed order, candidates are evaluated in a fixed order, and a
 * candidate met again is not evaluated again: the same seed and the same evaluations give the same search.
 */

export type Variable =
  | { readonly kind: 'real'; readonly low: number; readonly high: number }
  | { readonly kind: 'integer'; readonly low: number; readonly high: number }
  /** A categorical variable with `count` options: its gene is the option's index 0..count-1. */
  | { readonly kind: 'categorical'; readonly count: number };

/** Evaluates candidates (their genes), in order; one call per generation with the candidates not seen before. */
export type Evaluate = (candidates: readonly (readonly number[])[]) => Promise<readonly Fitness[]>;

export interface Nsga2Options {
  /** Parents and offspring per generation (at least 4). */
  readonly population: number;
  /** Generations after the initial population: the budget is at most population × (generations + 1) evaluations. */
  readonly generations: number;
  readonly seed: number | string;
  /** Distribution index and probability of SBX: 15 and 0.9 by default (Deb et al. 2002 used 20 and 0.9). */
  readonly crossover?: { readonly eta: number; readonly probability: number };
  /** Distribution index and per-variable probability of polynomial mutation: 20 and 1/variables by default. */
  readonly mutation?: { readonly eta: number; readonly probability?: number };
  /** Candidates of the initial population (e.g. the base package); the rest is drawn uniformly. */
  readonly initial?: readonly (readonly number[])[];
  /**
   * The reference point of the hypervolume and the box sizes of epsilon-progress, in the objectives' units. By
   * default both come from the first generation with a feasible candidate: reference = nadir + 10% of the range, boxes
   * = 1% of the range (per objective; an objective without range takes 1, or 1% of its value).
   */
  readonly reference?: readonly number[];
  readonly epsilons?: readonly number[];
  /**
   * Scores candidates again before each selection (parents and offspring together), when a candidate's fitness
   * depends on the others (regret against the best so far); by default each keeps the fitness of its evaluation.
   */
  readonly rescore?: (members: readonly Member[]) => readonly Fitness[];
  /** Called after each generation (0 is the initial population), before the next is made. */
  readonly onGeneration?: (record: GenerationRecord, population: readonly RankedMember[]) => void | Promise<void>;
}

/** An evaluated candidate. */
export interface Member extends Fitness {
  readonly genes: readonly number[];
  /** The order in which it was first evaluated, from 0. */
  readonly id: number;
}

/** A parent of the next generation: its front (0: not dominated) and crowding distance in it. */
export interface RankedMember extends Member {
  readonly rank: number;
  readonly crowding: number;
}

export interface GenerationRecord {
  readonly generation: number;
  /** Distinct candidates evaluated so far. */
  readonly evaluations: number;
  /** Feasible candidates in the first front of the parents. */
  readonly frontSize: number;
  /**
   * Hypervolume, with `reference`, of the best found so far: the feasible candidates no feasible candidate evaluated
   * so far dominates (0 before any is feasible). It never falls, as NSGA-II's parents can when crowding drops a
   * point of their first front. Under `rescore` (regret: every objective moves with each new candidate) it is the
   * parents' feasible first front, as re-scored.
   */
  readonly hypervolume: number;
  /** Candidates of this generation that entered a new epsilon-box of the archive (Hadka and Reed 2013, Borg). */
  readonly epsilonProgress: number;
  readonly reference: readonly number[];
  readonly epsilons: readonly number[];
}

export interface Nsga2Result {
  /** The final parents, by front and crowding. */
  readonly population: readonly RankedMember[];
  /** Every distinct candidate, in evaluation order. */
  readonly evaluated: readonly Member[];
  readonly history: readonly GenerationRecord[];
}

export async function nsga2(variables: readonly Variable[], evaluate: Evaluate, options: Nsga2Options): Promise<Nsga2Result> {
  const n = options.population;
  if (!Number.isInteger(n) || n < 4) throw new RangeError(`the population must be a whole number of at least 4, got ${n}`);
  if (!Number.isInteger(options.generations) || options.generations < 0) throw new RangeError(`generations must be a whole number >= 0, got ${options.generations}`);
  if (variables.length === 0) throw new RangeError('nothing to search: no variables');
  const random = new Random(`homeward-search:${options.seed}`);
  const crossover = options.crossover ?? { eta: 15, probability: 0.9 };
  const mutation = { eta: options.mutation?.eta ?? 20, probability: options.mutation?.probability ?? 1 / variables.length };

  const seen = new Map<string, Member>();
  const evaluated: Member[] = [];
  /** The members of `genes`, evaluating the ones not seen before in one batch, in order. */
  const evaluateAll = async (all: readonly (readonly number[])[]): Promise<Member[]> => {
    const fresh: (readonly number[])[] = [];
    const keys = new Set<string>();
    for (const g of all) {
      const key = keyOf(g);
      if (!seen.has(key) && !keys.has(key)) {
        keys.add(key);
        fresh.push(g);
      }
    }
    if (fresh.length > 0) {
      const fitness = await evaluate(fresh);
      if (fitness.length !== fresh.length) throw new Error(`the evaluator returned ${fitness.length} results for ${fresh.length} candidates`);
      fresh.forEach((genes, i) => {
        const member = { genes, id: evaluated.length, ...cleaned(fitness[i]!) };
        evaluated.push(member);
        seen.set(keyOf(genes), member);
      });
    }
    return all.map((g) => seen.get(keyOf(g))!);
  };

  const initial = (options.initial ?? []).slice(0, n).map((g) => repaired(g, variables));
  while (initial.length < n) initial.push(variables.map((v) => uniformGene(v, random)));
  let population = rank(await evaluateAll(initial), n, options.rescore);

  let scale: { reference: readonly number[]; epsilons: readonly number[] } | undefined;
  let archive: EpsilonArchive | undefined;
  const best: (readonly number[])[] = [];
  const history: GenerationRecord[] = [];
  let counted = 0;
  const record = async (generation: number) => {
    // Candidates evaluated since the last record: this generation's, in order.
    const fresh = evaluated.slice(counted);
    counted = evaluated.length;
    scale ??= scaleOf(evaluated, options);
    let progress = 0;
    if (scale) {
      archive ??= new EpsilonArchive(scale.epsilons);
      for (const m of fresh) if (m.violation === 0 && archive.add(m.objectives)) progress++;
    }
    for (const m of fresh) if (m.violation === 0) keepNondominated(best, m.objectives);
    const front = population.filter((m) => m.rank === 0 && m.violation === 0);
    const measured = options.rescore ? front.map((m) => m.objectives) : best;
    const entry: GenerationRecord = {
      generation,
      evaluations: evaluated.length,
      frontSize: front.length,
      hypervolume: scale ? hypervolume(measured, scale.reference) : 0,
      epsilonProgress: progress,
      reference: scale?.reference ?? [],
      epsilons: scale?.epsilons ?? [],
    };
    history.push(entry);
    await options.onGeneration?.(entry, population);
  };
  await record(0);

  for (let generation = 1; generation <= options.generations; generation++) {
    const offspring: number[][] = [];
    while (offspring.length < n) {
      const a = tournament(population, random).genes;
      const b = tournament(population, random).genes;
      const [c, d] = random.uniform() < crossover.probability ? recombine(a, b, variables, crossover.eta, random) : [[...a], [...b]];
      offspring.push(mutate(c, variables, mutation, random));
      if (offspring.length < n) offspring.push(mutate(d, variables, mutation, random));
    }
    const children = await evaluateAll(offspring);
    population = rank([...population, ...children], n, options.rescore);
    await record(generation);
  }
  return { population, evaluated, history };
}

/** A key of a candidate's genes: equal genes, equal keys (-0 is 0). */
const keyOf = (genes: readonly number[]) => genes.map((g) => (Object.is(g, -0) ? 0 : g)).join(',');

/** An objective that is not a number cannot be compared: the candidate counts as infeasible. */
function cleaned(f: Fitness): Fitness {
  const broken = f.objectives.some((x) => !Number.isFinite(x)) || !(f.violation >= 0);
  return broken ? { objectives: f.objectives.map((x) => (Number.isFinite(x) ? x : Infinity)), violation: (Number.isFinite(f.violation) ? f.violation : 0) + 1e12 } : f;
}

/** Keeps the best `size` members of `members` (distinct candidates: the first occurrence of each), ranked. */
function rank(members: readonly Member[], size: number, rescore?: Nsga2Options['rescore']): RankedMember[] {
  let distinct: Member[] = members.filter((m, i) => members.findIndex((o) => o.id === m.id) === i);
  if (rescore) {
    const fitness = rescore(distinct);
    distinct = distinct.map((m, i) => ({ genes: m.genes, id: m.id, ...cleaned(fitness[i]!) }));
  }
  const fronts = nondominatedSort(distinct);
  const kept: RankedMember[] = [];
  for (let r = 0; r < fronts.length && kept.length < size; r++) {
    const distance = crowdingDistance(fronts[r]!, distinct);
    let front = fronts[r]!;
    // The last front that fits only in part: the least crowded first.
    if (kept.length + front.length > size) front = [...front].sort((a, b) => distance.get(b)! - distance.get(a)! || a - b).slice(0, size - kept.length);
    for (const i of front) kept.push({ ...distinct[i]!, rank: r, crowding: distance.get(i)! });
  }
  return kept;
}

/** Binary tournament on the crowded comparison: the lower front, then the larger crowding distance. */
function tournament(population: readonly RankedMember[], random: Random): RankedMember {
  const a = population[Math.floor(random.uniform() * population.length)]!;
  const b = population[Math.floor(random.uniform() * population.length)]!;
  if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
  return b.crowding > a.crowding ? b : a;
}

function uniformGene(v: Variable, random: Random): number {
  const u = random.uniform();
  if (v.kind === 'real') return v.low + u * (v.high - v.low);
  if (v.kind === 'integer') return Math.min(v.high, v.low + Math.floor(u * (v.high - v.low + 1)));
  return Math.min(v.count - 1, Math.floor(u * v.count));
}

/** A candidate given from outside, inside the variables' ranges (integers and options whole). */
function repaired(genes: readonly number[], variables: readonly Variable[]): number[] {
  if (genes.length !== variables.length) throw new RangeError(`an initial candidate has ${genes.length} genes for ${variables.length} variables`);
  return variables.map((v, i) => {
    const g = genes[i]!;
    if (v.kind === 'categorical') return Math.min(v.count - 1, Math.max(0, Math.round(g)));
    const x = Math.min(v.high, Math.max(v.low, g));
    return v.kind === 'integer' ? Math.round(x) : x;
  });
}

/** SBX on the numeric genes, a fair swap on the categorical ones. */
function recombine(a: readonly number[], b: readonly number[], variables: readonly Variable[], eta: number, random: Random): [number[], number[]] {
  const c = [...a];
  const d = [...b];
  variables.forEach((v, i) => {
    if (random.uniform() > 0.5) return;
    if (v.kind === 'categorical') {
      [c[i], d[i]] = [b[i]!, a[i]!];
      return;
    }
    const x1 = Math.min(a[i]!, b[i]!);
    const x2 = Math.max(a[i]!, b[i]!);
    if (x2 - x1 < 1e-14) return;
    const u = random.uniform();
    const spread = (beta: number) => {
      const alpha = 2 - beta ** -(eta + 1);
      return u <= 1 / alpha ? (u * alpha) ** (1 / (eta + 1)) : (1 / (2 - u * alpha)) ** (1 / (eta + 1));
    };
    const clip = (x: number) => Math.min(v.high, Math.max(v.low, x));
    let y1 = clip(0.5 * (x1 + x2 - spread(1 + (2 * (x1 - v.low)) / (x2 - x1)) * (x2 - x1)));
    let y2 = clip(0.5 * (x1 + x2 + spread(1 + (2 * (v.high - x2)) / (x2 - x1)) * (x2 - x1)));
    if (random.uniform() <= 0.5) [y1, y2] = [y2, y1];
    if (v.kind === 'integer') [y1, y2] = [Math.round(y1), Math.round(y2)];
    c[i] = y1;
    d[i] = y2;
  });
  return [c, d];
}

/** Polynomial mutation of each numeric gene with the given probability; another option at random for a categorical one. */
function mutate(genes: number[], variables: readonly Variable[], mutation: { eta: number; probability: number }, random: Random): number[] {
  variables.forEach((v, i) => {
    if (random.uniform() >= mutation.probability) return;
    if (v.kind === 'categorical') {
      if (v.count > 1) genes[i] = (genes[i]! + 1 + Math.floor(random.uniform() * (v.count - 1))) % v.count;
      return;
    }
    const range = v.high - v.low;
    if (!(range > 0)) return;
    const y = genes[i]!;
    const u = random.uniform();
    const power = 1 / (mutation.eta + 1);
    let delta: number;
    if (u <= 0.5) {
      const xy = 1 - (y - v.low) / range;
      delta = (2 * u + (1 - 2 * u) * xy ** (mutation.eta + 1)) ** power - 1;
    } else {
      const xy = 1 - (v.high - y) / range;
      delta = 1 - (2 * (1 - u) + 2 * (u - 0.5) * xy ** (mutation.eta + 1)) ** power;
    }
    const x = Math.min(v.high, Math.max(v.low, y + delta * range));
    genes[i] = v.kind === 'integer' ? Math.round(x) : x;
  });
  return genes;
}

/** Adds `point` to a set no member of which dominates another, unless a member dominates or equals it; drops those it dominates. */
function keepNondominated(set: (readonly number[])[], point: readonly number[]): void {
  if (set.some((q) => dominates(q, point) || q.every((x, k) => x === point[k]))) return;
  for (let i = set.length - 1; i >= 0; i--) if (dominates(point, set[i]!)) set.splice(i, 1);
  set.push(point);
}

/** The hypervolume reference and epsilon boxes: given, or from the feasible candidates so far (undefined if none). */
function scaleOf(evaluated: readonly Member[], options: Nsga2Options): { reference: readonly number[]; epsilons: readonly number[] } | undefined {
  const feasible = evaluated.filter((m) => m.violation === 0);
  if ((options.reference === undefined || options.epsilons === undefined) && feasible.length === 0) return undefined;
  const k = (options.reference ?? options.epsilons ?? feasible[0]!.objectives).length;
  const lo = Array.from({ length: k }, (_, j) => Math.min(...feasible.map((m) => m.objectives[j]!)));
  const hi = Array.from({ length: k }, (_, j) => Math.max(...feasible.map((m) => m.objectives[j]!)));
  const range = (j: number) => (hi[j]! > lo[j]! ? hi[j]! - lo[j]! : Math.abs(hi[j]!) > 0 ? Math.abs(hi[j]!) : 1);
  return {
    reference: options.reference ?? hi.map((h, j) => h + 0.1 * range(j)),
    epsilons: options.epsilons ?? hi.map((_, j) => 0.01 * range(j)),
  };
}
