import { dominates } from './pareto.js';

/**
 * An epsilon-box dominance archive (Laumanns, Thiele, Deb and Zitzler 2002), for epsilon-progress as Borg counts it
 * (Hadka and Reed 2013, "Borg: an auto-adaptive many-objective evolutionary computing framework", Evol. Comput.
 * 21(2)): objective space is cut into boxes of side epsilon per objective; the archive keeps at most one solution per
 * box and no box dominated by another's. A solution makes progress when it is added in a box no solution held
 * before (a new non-dominated box, or one that dominates boxes of the archive); a better solution in an occupied box
 * replaces the old one without progress. Few progress events per generation: the search has stalled.
 */
export class EpsilonArchive {
  private readonly members: { box: number[]; objectives: readonly number[] }[] = [];

  constructor(private readonly epsilons: readonly number[]) {}

  get size(): number {
    return this.members.length;
  }

  /** Offers a solution (objectives minimised); true when it is epsilon-progress. */
  add(objectives: readonly number[]): boolean {
    const box = objectives.map((x, k) => Math.floor(x / this.epsilons[k]!));
    for (let i = this.members.length - 1; i >= 0; i--) {
      const m = this.members[i]!;
      if (dominates(m.box, box)) return false;
      if (sameBox(m.box, box)) {
        // The one nearer the box's best corner stays.
        if (dominates(objectives, m.objectives) || (!dominates(m.objectives, objectives) && corner(objectives, box, this.epsilons) < corner(m.objectives, box, this.epsilons))) {
          this.members[i] = { box, objectives };
        }
        return false;
      }
      if (dominates(box, m.box)) this.members.splice(i, 1);
    }
    this.members.push({ box, objectives });
    return true;
  }
}

const sameBox = (a: readonly number[], b: readonly number[]) => a.every((x, k) => x === b[k]);

/** Squared distance, in boxes, from the box's best corner. */
const corner = (objectives: readonly number[], box: readonly number[], epsilons: readonly number[]) =>
  objectives.reduce((s, x, k) => s + (x / epsilons[k]! - box[k]!) ** 2, 0);
