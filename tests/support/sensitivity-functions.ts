/** Test functions of global sensitivity analysis with known indices. */

/** Ishigami and Homma (1990): sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-pi, pi]^3. */
export function ishigami(x: readonly number[], a = 7, b = 0.1): number {
  return Math.sin(x[0]!) + a * Math.sin(x[1]!) ** 2 + b * x[2]! ** 4 * Math.sin(x[0]!);
}

/** The analytic first-order and total indices of the Ishigami function (Saltelli et al. 2008, ch. 4). */
export function ishigamiIndices(a = 7, b = 0.1): { S1: number[]; ST: number[] } {
  const pi4 = Math.PI ** 4;
  const v = (a * a) / 8 + (b * pi4) / 5 + (b * b * pi4 * pi4) / 18 + 0.5;
  const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
  const v2 = (a * a) / 8;
  const vt3 = (8 * b * b * pi4 * pi4) / 225;
  return { S1: [v1 / v, v2 / v, 0], ST: [(v1 + vt3) / v, v2 / v, vt3 / v] };
}

/** Sobol's G function: prod (|4 x_i - 2| + a_i) / (1 + a_i) on [0, 1]^k; a small a_i is an important x_i. */
export function sobolG(x: readonly number[], a: readonly number[]): number {
  return x.reduce((p, xi, i) => p * ((Math.abs(4 * xi - 2) + a[i]!) / (1 + a[i]!)), 1);
}

/** The analytic indices of the G function: V_i = 1 / (3 (1 + a_i)^2). */
export function sobolGIndices(a: readonly number[]): { S1: number[]; ST: number[] } {
  const vi = a.map((ai) => 1 / (3 * (1 + ai) ** 2));
  const v = vi.reduce((p, x) => p * (1 + x), 1) - 1;
  return { S1: vi.map((x) => x / v), ST: vi.map((x) => (x * vi.reduce((p, y) => p * (1 + y), 1)) / (1 + x) / v) };
}
