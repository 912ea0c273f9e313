import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeWithinGroups } from '../../src/factors/neutralize-groups.js';
import { orthogonalize } from '../../src/factors/orthogonalize.js';
import { rank, winsorizeMad, zScore } from '../../src/factors/standardize.js';
import { averageRanks } from '../../src/stats/ranks.js';

const finiteArray = (length: number) => fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: length, maxLength: length });

describe('standardisation tools', () => {
  it('winsorizeMad clips at median ± k·1.4826·MAD', () => {
    // median 3, MAD 1 → bounds 3 ± 4.4478.
    const out = winsorizeMad(Float64Array.of(1, 2, 3, 4, 100, NaN), 3);
    expect(Array.from(out.subarray(0, 4))).toEqual([1, 2, 3, 4]);
    expect(out[4]).toBeCloseTo(7.4478, 12);
    expect(out[5]).toBeNaN();
  });

  it('a cap-weighted z-score has zero cap-weighted mean and unit equal-weighted spread', () => {
    fc.assert(
      fc.property(finiteArray(12), fc.array(fc.double({ min: 0.1, max: 1e3, noNaN: true }), { minLength: 12, maxLength: 12 }), (xs, ws) => {
        fc.pre(Math.max(...xs) - Math.min(...xs) > 1e-3);
        const weights = Float64Array.from(ws);
        const z = zScore(Float64Array.from(xs), { weights });
        const weighted = z.reduce((s, v, i) => s + v * weights[i], 0) / weights.reduce((a, b) => a + b);
        expect(weighted).toBeCloseTo(0, 9);
        const mean = z.reduce((a, b) => a + b) / 12;
        expect(Math.sqrt(z.reduce((s, v) => s + (v - mean) ** 2, 0) / 11)).toBeCloseTo(1, 9);
      }),
      { seed: 21 },
    );
  });

  it('rank scales to [0, 1], averages ties and keeps NaN', () => {
    expect(Array.from(rank(Float64Array.of(10, NaN, 30, 20, 20)))).toEqual([0, NaN, 1, 0.5, 0.5]);
  });

  it('averageRanks gives each finite value the mean of the zero-based positions of its ties, by counting', () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(-0, NaN, Infinity, -Infinity), fc.double({ min: -5, max: 5, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 40 }), (xs) => {
        const x = Float64Array.from(xs);
        const finite = xs.filter((v) => Number.isFinite(v));
        const expected = xs.map((v) => (Number.isFinite(v) ? finite.filter((w) => w < v).length + (finite.filter((w) => w === v).length - 1) / 2 : NaN));
        expect(Array.from(averageRanks(x))).toEqual(expected);
      }),
      { seed: 102 },
    );
  });

  it('an orthogonalised factor has zero sample covariance with the others', () => {
    fc.assert(
      fc.property(finiteArray(15), finiteArray(15), finiteArray(15), (xs, as, bs) => {
        const a = Float64Array.from(as);
        const b = Float64Array.from(bs);
        const spread = (v: number[]): number => Math.max(...v) - Math.min(...v);
        fc.pre(spread(as) > 1 && spread(bs) > 1);
        let resid: Float64Array;
        try {
          resid = orthogonalize(Float64Array.from(xs), [a, b]);
        } catch {
          fc.pre(false);
          return;
        }
        const mean = (v: Float64Array): number => v.reduce((s, x) => s + x, 0) / v.length;
        const cov = (u: Float64Array, v: Float64Array): number => u.reduce((s, x, i) => s + (x - mean(u)) * (v[i] - mean(v)), 0);
        expect(mean(resid)).toBeCloseTo(0, 8);
        expect(cov(resid, a)).toBeCloseTo(0, 6);
        expect(cov(resid, b)).toBeCloseTo(0, 6);
      }),
      { seed: 22 },
    );
  });

  it('orthogonalize refuses collinear others and leaves missing assets NaN', () => {
    const a = Float64Array.of(1, 2, 3, 4, 5);
    expect(() => orthogonalize(Float64Array.of(1, 0, 1, 0, 1), [a, a.map((v) => 2 * v)])).toThrow('collinear');
    const out = orthogonalize(Float64Array.of(1, NaN, 2, 5, 3), [a]);
    expect(out[1]).toBeNaN();
  });

  it('group neutralisation sums to zero within each group', () => {
    expect(Array.from(neutralizeWithinGroups(Float64Array.of(1, 3, 10, 20, NaN), ['a', 'a', 'b', 'b', 'a']))).toEqual([-1, 1, -5, 5, NaN]);
    const scaled = neutralizeWithinGroups(Float64Array.of(1, 3, 10, 20), ['a', 'a', 'b', 'b'], { scale: true });
    expect(Array.from(scaled).map((v) => Number(v.toFixed(12)))).toEqual([-Math.SQRT1_2, Math.SQRT1_2, -Math.SQRT1_2, Math.SQRT1_2].map((v) => Number(v.toFixed(12))));
  });
});
