import { describe, expect, it } from 'vitest';
import { SobolSequence, sobolPoints, SOBOL_MAX_DIMENSION } from '../src/sensitivity/sobol-sequence.js';

/**
 * The Sobol' sequence against published values: the output of Joe and Kuo's sobol.cc with new-joe-kuo-6.21201
 * (as printed in Boost.Random's test/sobol_validate.cpp: 16 dimensions, points 128 and 129, and 2 dimensions, the
 * first points), and scipy.stats.qmc.Sobol(512, scramble=False, bits=32) for the higher dimensions (points 1000
 * and 4096, coordinates times 2^32).
 */

const SOBOL_CC_16D_FROM_128 = [
  [0.01171875, 0.33203125, 0.29296875, 0.19140625, 0.90234375, 0.67578125, 0.86328125, 0.24609375, 0.10546875, 0.81640625, 0.73828125, 0.73828125, 0.81640625, 0.87890625, 0.02734375, 0.76171875],
  [0.51171875, 0.83203125, 0.79296875, 0.69140625, 0.40234375, 0.17578125, 0.36328125, 0.74609375, 0.60546875, 0.31640625, 0.23828125, 0.23828125, 0.31640625, 0.37890625, 0.52734375, 0.26171875],
];

const SOBOL_CC_2D_FROM_1 = [
  [0.5, 0.5],
  [0.75, 0.25],
  [0.25, 0.75],
  [0.375, 0.375],
  [0.875, 0.875],
  [0.625, 0.125],
  [0.125, 0.625],
  [0.1875, 0.3125],
  [0.6875, 0.8125],
  [0.9375, 0.0625],
];

/** Coordinates times 2^32 (scipy 1.17, unscrambled): dimensions 1..64 and 505..512. */
const SCIPY: Record<number, { first64: number[]; last8: number[] }> = {
  1000: { first64: [943718400, 415236096, 2227175424, 2906652672, 1203765248, 3896508416, 197132288, 3862953984, 2151677952, 297795584, 364904448, 1094713344, 692060160, 1648361472, 616562688, 1589641216, 3091202048, 1480589312, 4257218560, 3116367872, 2243952640, 2361393152, 4081057792, 2319450112, 2503999488, 3896508416, 171966464, 4206886912, 255852544, 1463812096, 633339904, 624951296, 1270874112, 2545942528, 3443523584, 3309305856, 3644850176, 3569352704, 1321205760, 2059403264, 3921674240, 1094713344, 4123000832, 3015704576, 3611295744, 398458880, 3745513472, 3946840064, 4290772992, 2059403264, 1514143744, 2218786816, 3233808384, 1883242496, 541065216, 3829399552, 1950351360, 339738624, 3795845120, 2453667840, 1916796928, 2587885568, 1111490560, 1916796928], last8: [2294284288, 2394947584, 2948595712, 1312817152, 373293056, 1329594368, 1178599424, 1698693120] },
  4096: { first64: [1572864, 2021130240, 3589799936, 2664955904, 708313088, 2331508736, 3043491840, 3593994240, 2847408128, 4272422912, 3629645824, 477626368, 2256011264, 1696071680, 2845310976, 1192755200, 492306432, 2534932480, 194510848, 1997012992, 2888302592, 4058513408, 35127296, 566755328, 2201485312, 72876032, 4055367680, 480772096, 1285029888, 3446145024, 2278031360, 1536688128, 965214208, 2573729792, 3347578880, 3813146624, 320339968, 2491940864, 3108503552, 3014131712, 2785542144, 1073217536, 3541565440, 3618111488, 3332898816, 1423441920, 3262644224, 2373451776, 1855455232, 3587702784, 44564480, 276299776, 3845652480, 58195968, 1969750016, 3736600576, 414711808, 1573388288, 2361917440, 1122500608, 3909615616, 323485696, 947388416, 1914175488], last8: [3278372864, 2574778368, 703070208, 115867648, 1233649664, 1620574208, 2701656064, 1857552384] },
};

describe("Sobol' sequence (Joe-Kuo new-joe-kuo-6.21201)", () => {
  it('starts at the origin, then the centre', () => {
    const [origin, centre] = sobolPoints(2, 8);
    expect(origin).toEqual(new Array(8).fill(0));
    expect(centre).toEqual(new Array(8).fill(0.5));
  });

  it("matches sobol.cc's first points in 2 dimensions", () => {
    expect(sobolPoints(10, 2, 1)).toEqual(SOBOL_CC_2D_FROM_1);
  });

  it("matches sobol.cc's points 128 and 129 in 16 dimensions", () => {
    expect(sobolPoints(2, 16, 128)).toEqual(SOBOL_CC_16D_FROM_128);
  });

  it('matches scipy in 64 dimensions and at the last embedded ones', () => {
    for (const [index, ref] of Object.entries(SCIPY)) {
      const [point] = sobolPoints(1, SOBOL_MAX_DIMENSION, Number(index));
      expect(point!.slice(0, 64).map((x) => x * 2 ** 32), `point ${index}`).toEqual(ref.first64);
      expect(point!.slice(SOBOL_MAX_DIMENSION - 8).map((x) => x * 2 ** 32), `point ${index}`).toEqual(ref.last8);
    }
  });

  it('skips to a point the same as it steps to it', () => {
    const stepped = sobolPoints(1100, 40).slice(1000);
    expect(sobolPoints(100, 40, 1000)).toEqual(stepped);
    const sequence = new SobolSequence(40);
    sequence.skipTo(1050);
    expect(sequence.next()).toEqual(stepped[50]);
  });

  it('is balanced: each coordinate of the first 2^m points takes every value k / 2^m once', () => {
    const points = sobolPoints(256, 64);
    for (let j = 0; j < 64; j++) {
      const values = points.map((p) => p[j]! * 256).sort((a, b) => a - b);
      expect(values).toEqual(Array.from({ length: 256 }, (_, k) => k));
    }
  });

  it('refuses dimensions it has no direction numbers for', () => {
    expect(() => sobolPoints(1, SOBOL_MAX_DIMENSION + 1)).toThrow(RangeError);
    expect(() => sobolPoints(1, 0)).toThrow(RangeError);
  });
});
