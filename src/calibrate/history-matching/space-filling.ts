/**
 * Choosing the runs of a wave from the candidate points not yet ruled out: greedy maximin (each next point the
 * candidate farthest from those already chosen; Johnson, Moore and Ylvisaker 1990), so a wave covers the space
 * that is left rather than clustering where candidates are dense.
 */

function distance2(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j]! - b[j]!) ** 2;
  return s;
}

/** n of the candidates (all when there are no more), the first chosen by `start` in [0, 1). */
export function maximinSubset(candidates: readonly (readonly number[])[], n: number, start: number): number[][] {
  if (candidates.length <= n) return candidates.map((c) => [...c]);
  const chosen: number[] = [Math.min(candidates.length - 1, Math.floor(start * candidates.length))];
  const nearest = candidates.map((c) => distance2(c, candidates[chosen[0]!]!));
  while (chosen.length < n) {
    let next = 0;
    for (let i = 1; i < candidates.length; i++) if (nearest[i]! > nearest[next]!) next = i;
    chosen.push(next);
    for (let i = 0; i < candidates.length; i++) nearest[i] = Math.min(nearest[i]!, distance2(candidates[i]!, candidates[next]!));
  }
  return chosen.map((i) => [...candidates[i]!]);
}
