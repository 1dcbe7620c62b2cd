/**
 * The hypervolume of a set of points (every objective minimised): the measure of the region they dominate and that
 * dominates the reference point (Zitzler and Thiele 1998). Exact in any number of objectives by slicing
 * (While, Hingston, Barone and Huband 2006, "A faster algorithm for calculating hypervolume", HSO): the points are
 * sorted by the last objective and each slab between two consecutive values adds its height times the hypervolume,
 * one objective fewer, of the points below it; two objectives are a sweep. The cost is O(n log n) for 2 objectives,
 * O(n² log n) for 3 and grows as n^(d-1) beyond: fine for the fronts of a search (tens to a few hundred points).
 * Points that do not strictly dominate the reference point add nothing.
 */
export function hypervolume(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const inside = points.filter((p) => p.length === reference.length && p.every((x, k) => x < reference[k]!));
  return slice(inside, reference);
}

function slice(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const d = reference.length;
  if (points.length === 0) return 0;
  if (d === 1) return reference[0]! - Math.min(...points.map((p) => p[0]!));
  if (d === 2) return sweep2d(points, reference);
  const sorted = [...points].sort((a, b) => a[d - 1]! - b[d - 1]!);
  const lower = reference.slice(0, d - 1);
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const top = i + 1 < sorted.length ? sorted[i + 1]![d - 1]! : reference[d - 1]!;
    const height = top - sorted[i]![d - 1]!;
    if (height > 0) volume += height * slice(sorted.slice(0, i + 1).map((p) => p.slice(0, d - 1)), lower);
  }
  return volume;
}

function sweep2d(points: readonly (readonly number[])[], reference: readonly number[]): number {
  const sorted = [...points].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  // The staircase: the points not dominated, by x ascending and so y descending.
  const stairs: (readonly number[])[] = [];
  for (const p of sorted) if (stairs.length === 0 || p[1]! < stairs[stairs.length - 1]![1]!) stairs.push(p);
  let area = 0;
  for (let i = 0; i < stairs.length; i++) {
    const next = i + 1 < stairs.length ? stairs[i + 1]![0]! : reference[0]!;
    area += (next - stairs[i]![0]!) * (reference[1]! - stairs[i]![1]!);
  }
  return area;
}
