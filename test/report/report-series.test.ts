import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawdownCurve, equityCurve, histogram, rollingStats, worstWindow } from '../../src/report/report-series.js';

/** Sample mean and standard deviation, straight from the textbook formulas. */
function meanSd(xs: readonly number[]): { mean: number; sd: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) };
}

describe('report series', () => {
  it('equity compounds and drawdown falls from the running peak (hand-worked)', () => {
    const equity = equityCurve([0.1, -0.2, 0.25, 0.1]);
    expect(equity.map((e) => Number(e.toFixed(10)))).toEqual([1.1, 0.88, 1.1, 1.21]);
    expect(drawdownCurve(equity).map((d) => Number(d.toFixed(10)))).toEqual([0, -0.2, 0, 0]);
    expect(drawdownCurve(equityCurve([-0.5]))).toEqual([-0.5]);
  });

  it('rolling Sharpe and volatility equal a direct computation on every window', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -0.2, max: 0.2, noNaN: true }), { minLength: 2, maxLength: 60 }), fc.integer({ min: 2, max: 10 }), (returns, window) => {
        const rolling = rollingStats(returns, window, 252);
        returns.forEach((_, t) => {
          if (t < window - 1) {
            expect(rolling.volatility[t]).toBeNull();
            return;
          }
          const { mean, sd } = meanSd(returns.slice(t - window + 1, t + 1));
          expect(rolling.volatility[t]).toBeCloseTo(sd * Math.sqrt(252), 9);
          if (sd > 1e-9) expect(rolling.sharpe[t]).toBeCloseTo((mean / sd) * Math.sqrt(252), 6);
        });
      }),
      { seed: 103 },
    );
  });

  it('rolling statistics of a constant series: zero volatility, no Sharpe', () => {
    const rolling = rollingStats([0.01, 0.01, 0.01], 2, 252);
    expect(rolling.volatility).toEqual([null, 0, 0]);
    expect(rolling.sharpe).toEqual([null, null, null]);
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.integer({ min: 2, max: 40 }), (c, n) => {
        expect(rollingStats(new Array<number>(n).fill(c), n, 365).sharpe[n - 1]).toBeNull();
      }),
      { seed: 104 },
    );
    expect(() => rollingStats([0.1], 1, 252)).toThrow(/windowBars must be an integer >= 2/);
  });

  it('a histogram counts every finite value once, the maximum in the last bin', () => {
    const bins = histogram([0, 1, 2, 3, 4, NaN], 4);
    expect(bins.map((b) => b.count)).toEqual([1, 1, 1, 2]);
    expect(bins[0].from).toBe(0);
    expect(bins[3].to).toBe(4);
    expect(histogram([], 3)).toEqual([]);
    expect(histogram([2, 2], 3).map((b) => b.count)).toEqual([2, 0, 0]);
  });

  it('the worst window is the lowest compounded return over consecutive bars', () => {
    const dates = ['d1', 'd2', 'd3', 'd4'];
    expect(worstWindow(dates, [0.1, -0.1, -0.1, 0.3], 2)).toEqual({ start: 'd2', end: 'd3', value: 0.9 * 0.9 - 1 });
    expect(worstWindow(dates, [0.1], 2)).toBeUndefined();
  });
});
