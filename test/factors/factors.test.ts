import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { History } from '../../src/core/history.js';
import { Panel } from '../../src/core/panel.js';
import { withReturns } from '../../src/data/derive-returns.js';
import { marketBeta } from '../../src/factors/market-beta.js';
import { momentum } from '../../src/factors/momentum.js';
import { logMarketCap } from '../../src/factors/size.js';
import { winsorize, zScore } from '../../src/factors/standardize.js';
import { volatility } from '../../src/factors/volatility.js';
import { compoundEach, regressEachOn } from '../../src/factors/window-stats.js';

/** Two assets over 6 days: A doubles steadily-ish, B is flat then jumps. */
function smallHistory(t: number): History {
  const close = Float64Array.of(100, 10, 110, 10, 121, 10, 133.1, 11, 146.41, 11, 161.051, 12.1);
  const cap = close.map((c) => c * 1000);
  const panel = withReturns(new Panel(['d1', 'd2', 'd3', 'd4', 'd5', 'd6'], ['A', 'B'], new Map([['close', close], ['market_cap', cap]])));
  return new History(panel, new Map(), t);
}

describe('factors', () => {
  it('momentum compounds returns from lookback to skip (A grows 10% a bar)', () => {
    // Window of 4 returns ending d6, skipping the last 1: returns d3..d5 → 1.1³ − 1.
    const m = momentum({ lookbackDays: 4, skipDays: 1 }).compute(smallHistory(5));
    expect(m[0]).toBeCloseTo(1.1 ** 3 - 1, 12);
    expect(m[1]).toBeCloseTo(11 / 10 - 1, 12);
  });

  it('compounds every asset of a date-major window as a per-asset loop does, to the bit, NaN below the minimum count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 9 }), (n, bars, seed, minValid) => {
        let state = seed;
        const u = (): number => (state = (Math.imul(state, 48271) >>> 0) % 2147483647) / 2147483647;
        const window = Float64Array.from({ length: n * bars }, () => (u() < 0.2 ? NaN : 0.2 * u() - 0.1));
        const expected = Float64Array.from({ length: n }, (_, i) => {
          let growth = 1;
          let count = 0;
          for (let s = 0; s < bars; s++) {
            const r = window[s * n + i];
            if (Number.isNaN(r)) continue;
            growth *= 1 + r;
            count++;
          }
          return count >= minValid ? growth - 1 : NaN;
        });
        expect(compoundEach(window, n, minValid)).toEqual(expected);
      }),
    );
  });

  it('regresses every asset of a date-major window on a common regressor as a per-asset loop does, to the bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 12 }), fc.boolean(), (n, bars, seed, minValid, downside) => {
        let state = seed;
        const u = (): number => (state = (Math.imul(state, 48271) >>> 0) % 2147483647) / 2147483647;
        const window = Float64Array.from({ length: n * bars }, () => (u() < 0.15 ? NaN : 0.1 * u() - 0.05));
        const x = Float64Array.from({ length: bars }, () => (u() < 0.1 ? NaN : 0.1 * u() - 0.05));
        const include = downside ? (m: number): boolean => m < 0 : (): boolean => true;
        const expected = Array.from({ length: n }, (_, i) => {
          let count = 0;
          let sx = 0;
          let sy = 0;
          let sxx = 0;
          let sxy = 0;
          let syy = 0;
          for (let s = 0; s < bars; s++) {
            const y = window[s * n + i];
            const xv = x[s];
            if (Number.isNaN(y) || Number.isNaN(xv) || !include(xv)) continue;
            count++;
            sx += xv;
            sy += y;
            sxx += xv * xv;
            sxy += xv * y;
            syy += y * y;
          }
          const cxx = sxx - (sx * sx) / count;
          if (count < Math.max(minValid, 3) || !(cxx > 0)) return { alpha: NaN, beta: NaN, residualVariance: NaN, count };
          const cxy = sxy - (sx * sy) / count;
          const beta = cxy / cxx;
          return { alpha: (sy - beta * sx) / count, beta, residualVariance: Math.max(0, syy - (sy * sy) / count - beta * cxy) / (count - 2), count };
        });
        expect(regressEachOn(window, n, x, minValid, include)).toEqual(expected);
      }),
    );
  });

  it('volatility is the sample standard deviation of returns', () => {
    const v = volatility({ lookbackDays: 5 }).compute(smallHistory(5));
    expect(v[0]).toBeCloseTo(0, 12);
    // B returns: 0, 0.1, 0, 0, 0.1 → mean 0.04, sample variance (3·0.0016 + 2·0.0036)/4 = 0.003.
    expect(v[1]).toBeCloseTo(Math.sqrt(0.003), 12);
  });

  it('logMarketCap is the log of the latest market cap', () => {
    expect(logMarketCap().compute(smallHistory(2))[0]).toBeCloseTo(Math.log(121_000), 12);
  });

  it('market beta of an asset against a market made of it alone is 1', () => {
    const close = Float64Array.from({ length: 30 }, (_, t) => 100 * Math.exp(0.05 * Math.sin(t)));
    const panel = withReturns(new Panel(Array.from({ length: 30 }, (_, t) => `d${String(t).padStart(2, '0')}`), ['A'], new Map([['close', close]])));
    expect(marketBeta({ lookbackDays: 20 }).compute(new History(panel, new Map(), 29))[0]).toBeCloseTo(1, 12);
  });

  it('is NaN when the window lacks enough history', () => {
    expect(Number.isNaN(momentum({ lookbackDays: 5 }).compute(smallHistory(2))[0])).toBe(true);
  });
});

describe('History', () => {
  it('views the same window as it copies, ending at asOf, for every bar and length', () => {
    for (let t = 0; t < 6; t++) {
      const h = smallHistory(t);
      for (let bars = 1; bars <= 7; bars++) expect(h.view('close', bars)).toEqual(h.window('close', bars));
    }
    // A served history's view is a copy: its buffer holds the window and nothing after asOf.
    const h = smallHistory(4);
    const v = h.view('close', 2);
    expect(v.buffer.byteLength).toBe(2 * 2 * 8);
    expect(Array.from(new Float64Array(v.buffer))).toEqual([133.1, 11, 146.41, 11]);
  });

  it('shares the panel only on an internal history, which user code is never handed', () => {
    const close = Float64Array.of(1, 2, 3, 4, 5, 6);
    const p = new Panel(['d1', 'd2', 'd3'], ['A', 'B'], new Map([['close', close]]));
    const internal = History.internal(p, new Map(), 1);
    expect(internal.view('close', 2).buffer).toBe(close.buffer);
    const served = internal.served();
    expect(served.view('close', 2).buffer).not.toBe(close.buffer);
    expect(served.served()).toBe(served);
    // Both are frozen and their asset lists are frozen copies, not the panel's array.
    expect(Object.isFrozen(served)).toBe(true);
    expect(Object.isFrozen(served.assets)).toBe(true);
    expect(served.assets).not.toBe(p.assets);
    expect(served.assets).toEqual(['A', 'B']);
  });

  it('serves copies that end at asOf', () => {
    const h = smallHistory(2);
    expect(h.asOf).toBe('d3');
    const w = h.window('close', 5);
    expect(Array.from(w)).toEqual([NaN, NaN, NaN, NaN, 100, 10, 110, 10, 121, 10]);
    w[9] = -1;
    expect(h.latest('close')[1]).toBe(10);
  });
});

describe('standardisation', () => {
  it('zScore of 1, 2, 3 is -1, 0, 1 and keeps NaN', () => {
    expect(Array.from(zScore(Float64Array.of(1, NaN, 2, 3)))).toEqual([-1, NaN, 0, 1]);
  });

  it('winsorize clips to interpolated quantiles (type 7)', () => {
    expect(Array.from(winsorize(Float64Array.of(1, 2, 3, 100), 0.25))).toEqual([1.75, 2, 3, 27.25]);
  });

  it('zScore is invariant to positive affine maps and has mean 0, sd 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 40 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        (xs, a, b) => {
          const x = Float64Array.from(xs);
          const z = zScore(x);
          const mean = z.reduce((s, v) => s + v, 0) / z.length;
          const spread = Math.max(...xs) - Math.min(...xs);
          fc.pre(spread > 1e-6);
          expect(mean).toBeCloseTo(0, 9);
          const z2 = zScore(x.map((v) => a * v + b));
          z.forEach((v, i) => expect(z2[i]).toBeCloseTo(v, 6));
        },
      ),
      { seed: 3 },
    );
  });
});
