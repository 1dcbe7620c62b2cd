import { describe, expect, it } from 'vitest';
import { describeParameters, parametersByRole, rangedParameters } from '../src/scenario/describe.js';
import { ROLES } from '../src/scenario/param.js';
import { scenarioSchema } from '../src/scenario/schema.js';

/** Issue 13: every parameter has a role, and every numeric uncertainty or calibrated one a plausible range. */

const parameters = describeParameters();

/** A minimal scenario with the given values set by dot path. */
function scenarioWith(values: ReadonlyMap<string, number>): Record<string, unknown> {
  const input: Record<string, unknown> = { name: 'roles' };
  for (const [path, value] of values) {
    const parts = path.split('.');
    let node = input;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]!] = value;
  }
  return input;
}

describe('parameter roles', () => {
  it('gives every parameter a role', () => {
    const missing = parameters.filter((p) => p.role === undefined || !ROLES.includes(p.role)).map((p) => p.path);
    expect(missing, 'add a role in src/scenario/schema.ts (LEVER, FIXED, UNCERTAIN, uncertain(...), calibrated(...))').toEqual([]);
  });

  it('gives every numeric uncertainty and calibrated parameter a plausible range inside its bounds, containing its default', () => {
    const problems: string[] = [];
    for (const p of parameters) {
      const ranged = p.role === 'uncertainty' || p.role === 'calibrated';
      const numeric = p.type === 'number' || p.type === 'integer';
      if (!ranged || !numeric) {
        if (p.plausible) problems.push(`${p.path}: a ${p.role} ${p.type} has no plausible range`);
        continue;
      }
      if (!p.plausible) {
        problems.push(`${p.path}: no plausible range`);
        continue;
      }
      const [lo, hi] = p.plausible;
      const dflt = p.default as number;
      if (!(lo < hi)) problems.push(`${p.path}: empty range ${lo}..${hi}`);
      if (p.min !== undefined && lo < p.min) problems.push(`${p.path}: ${lo} below the bound ${p.min}`);
      if (p.max !== undefined && hi > p.max) problems.push(`${p.path}: ${hi} above the bound ${p.max}`);
      if (!(lo <= dflt && dflt <= hi)) problems.push(`${p.path}: the default ${dflt} is outside ${lo}..${hi}`);
      if (p.type === 'integer' && !(Number.isInteger(lo) && Number.isInteger(hi))) problems.push(`${p.path}: an integer with a fractional range`);
      if (!p.plausibleSource?.trim()) problems.push(`${p.path}: no source or reason for the range`);
    }
    expect(problems).toEqual([]);
  });

  it('makes levers of the policy instruments and of nothing but them, the network programme and amenities', () => {
    const levers = parametersByRole('lever').map((p) => p.path);
    expect(levers.filter((p) => !p.startsWith('policies.') && p !== 'county.network_coverage' && p !== 'county.amenities')).toEqual([]);
    expect(levers).toContain('policies.budget');
    expect(levers).toContain('policies.training.seats');
    // Keys under policies that are not levers are the prices and effects of the instruments: uncertainties.
    const policyOthers = parameters.filter((p) => p.path.startsWith('policies.') && p.role !== 'lever');
    expect(policyOthers.filter((p) => p.role !== 'uncertainty').map((p) => p.path)).toEqual([]);
  });

  it('makes calibrated exactly the parameters whose source says they were fitted', () => {
    const fitted = parameters.filter((p) => /calibrated/.test(p.source)).map((p) => p.path);
    expect(parametersByRole('calibrated').map((p) => p.path)).toEqual(fitted);
  });

  it('fixes the settings of a run', () => {
    const fixed = parametersByRole('fixed').map((p) => p.path);
    for (const path of ['name', 'seed', 'reps', 'start', 'end', 'population.agents', 'sweep.params']) expect(fixed).toContain(path);
  });

  it('lists the ranged parameters for the commands, and a scenario at all their lows or all their highs is valid', () => {
    const ranged = rangedParameters();
    expect(ranged.length).toBe(parameters.filter((p) => p.plausible).length);
    expect(new Set(ranged.map((r) => r.role))).toEqual(new Set(['uncertainty', 'calibrated']));
    expect(rangedParameters('calibrated').every((r) => r.role === 'calibrated')).toBe(true);
    for (const end of ['low', 'high'] as const) {
      const result = scenarioSchema.safeParse(scenarioWith(new Map(ranged.map((r) => [r.path, r[end]]))));
      expect(result.success, result.error?.message).toBe(true);
    }
  });
});
