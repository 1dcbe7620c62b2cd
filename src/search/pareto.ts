/**
 * Pareto ranking of NSGA-II (Deb, Pratap, Agarwal and Meyarivan 2002, "A fast and elitist multiobjective genetic
 * algorithm: NSGA-II", IEEE Trans. Evol. Comput. 6(2)): every objective is minimised; a candidate with constraints
 * is compared by Deb's constraint-domination (§VI of the paper): a feasible candidate beats an infeasible one, of two
 * infeasible ones the smaller total violation wins, of two feasible ones the one that Pareto-dominates.
 */

/** What NSGA-II knows of an evaluated candidate: objectives to minimise, and how far it breaks the constraints. */
export interface Fitness {
  readonly objectives: readonly number[];
  /** Total constraint violation: 0 when every constraint holds. */
  readonly violation: number;
}

/** a Pareto-dominates b: no worse in any objective, better in one (minimising). */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let k = 0; k < a.length; k++) {
    if (a[k]! > b[k]!) return false;
    if (a[k]! < b[k]!) better = true;
  }
  return better;
}

/** Deb's constraint-domination. */
export function constrainedDominates(a: Fitness, b: Fitness): boolean {
  if (a.violation === 0 && b.violation > 0) return true;
  if (a.violation > 0 && b.violation === 0) return false;
  if (a.violation > 0) return a.violation < b.violation;
  return dominates(a.objectives, b.objectives);
}

/**
 * The fast non-dominated sort: the indices of `items` by front (front 0 is the non-dominated set), each front in index
 * order, so ties are broken the same way every time.
 */
export function nondominatedSort(items: readonly Fitness[]): number[][] {
  const n = items.length;
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const count = new Array<number>(n).fill(0);
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (constrainedDominates(items[p]!, items[q]!)) {
        dominated[p]!.push(q);
        count[q]!++;
      } else if (constrainedDominates(items[q]!, items[p]!)) {
        dominated[q]!.push(p);
        count[p]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = [];
  for (let p = 0; p < n; p++) if (count[p] === 0) current.push(p);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const p of current) for (const q of dominated[p]!) if (--count[q]! === 0) next.push(q);
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/**
 * Crowding distance of the members of one front (Deb et al. 2002 §III-B): per objective, the normalised gap between
 * each member's two neighbours, summed; the extremes of every objective get Infinity so they are always kept.
 */
export function crowdingDistance(front: readonly number[], items: readonly Fitness[]): Map<number, number> {
  const distance = new Map<number, number>(front.map((i) => [i, 0]));
  if (front.length === 0) return distance;
  const objectives = items[front[0]!]!.objectives.length;
  for (let k = 0; k < objectives; k++) {
    const order = [...front].sort((a, b) => items[a]!.objectives[k]! - items[b]!.objectives[k]! || a - b);
    const lo = items[order[0]!]!.objectives[k]!;
    const hi = items[order[order.length - 1]!]!.objectives[k]!;
    distance.set(order[0]!, Infinity);
    distance.set(order[order.length - 1]!, Infinity);
    if (!(hi > lo)) continue;
    for (let j = 1; j < order.length - 1; j++) {
      const i = order[j]!;
      distance.set(i, distance.get(i)! + (items[order[j + 1]!]!.objectives[k]! - items[order[j - 1]!]!.objectives[k]!) / (hi - lo));
    }
  }
  return distance;
}
