import { describe, expect, it } from 'vitest';
import { History } from '../../src/core/history.js';
import { Panel } from '../../src/core/panel.js';
import { withReturns } from '../../src/data/derive-returns.js';
import { fundingCarry } from '../../src/factors/carry.js';
import { excessKurtosis, skewness } from '../../src/factors/distribution.js';
import { downsideBeta } from '../../src/factors/downside-beta.js';
import { idiosyncraticVolatility } from '../../src/factors/idiosyncratic-volatility.js';
import { amihudIlliquidity, logDollarVolume } from '../../src/factors/liquidity.js';
import { maxReturn } from '../../src/factors/max-return.js';
import { shortTermReversal } from '../../src/factors/reversal.js';
import { seriesBeta } from '../../src/factors/series-beta.js';
import { Random } from '../../src/core/random.js';

const day = (t: number): string => `2024-01-${String(t + 1).padStart(2, '0')}`;

/**
 * A panel built from per-bar returns (`returns[t][i]`, first row ignored) with
 * optional extra fields; closes start at 100.
 */
function historyFrom(returns: number[][], extra: Record<string, number[][]> = {}, series: Record<string, number[]> = {}): History {
  const T = returns.length;
  const n = returns[0].length;
  const close = new Float64Array(T * n);
  for (let i = 0; i < n; i++) {
    close[i] = 100;
    for (let t = 1; t < T; t++) close[t * n + i] = close[(t - 1) * n + i] * (1 + returns[t][i]);
  }
  const fields = new Map<string, Float64Array>([['close', close]]);
  for (const [name, rows] of Object.entries(extra)) fields.set(name, Float64Array.from(rows.flat()));
  const dates = Array.from({ length: T }, (_, t) => day(t));
  const panel = withReturns(new Panel(dates, Array.from({ length: n }, (_, i) => `A${i}`), fields));
  return new History(panel, new Map(Object.entries(series).map(([k, v]) => [k, Float64Array.from(v)])), T - 1);
}

describe('factor library: hand-checked values', () => {
  it('short-term reversal is minus the compound return of the last bars', () => {
    const h = historyFrom([[0], [0.1], [-0.05], [0.02]]);
    expect(shortTermReversal({ lookbackDays: 2 }).compute(h)[0]).toBeCloseTo(-(0.95 * 1.02 - 1), 12);
  });

  it('skewness and excess kurtosis match the two-point closed form', () => {
    // Returns are 0 on 15 bars and a on 5 (p = 1/4): a scaled Bernoulli, whose
    // skewness is (1 − 2p)/√(p(1 − p)) and excess kurtosis (1 − 6p(1 − p))/(p(1 − p)).
    const rets = [[0], ...Array.from({ length: 20 }, (_, t) => [t % 4 === 0 ? 0.03 : 0])];
    const h = historyFrom(rets);
    const p = 0.25;
    expect(skewness({ lookbackDays: 20 }).compute(h)[0]).toBeCloseTo((1 - 2 * p) / Math.sqrt(p * (1 - p)), 9);
    expect(excessKurtosis({ lookbackDays: 20 }).compute(h)[0]).toBeCloseTo((1 - 6 * p * (1 - p)) / (p * (1 - p)), 9);
  });

  it('maxReturn averages the largest returns', () => {
    const h = historyFrom([[0], [0.01], [0.07], [-0.2], [0.05], [0.02]]);
    expect(maxReturn({ lookbackDays: 5, top: 2 }).compute(h)[0]).toBeCloseTo(0.06, 12);
  });

  it('Amihud illiquidity is the mean |r| per million of dollar volume; dollar volume is logged', () => {
    const rets = [[0], [0.1], [-0.1]];
    const volume = [[1000], [2000], [500]];
    const h = historyFrom(rets, { volume });
    // Bar 1: |0.1| / (110 × 2000); bar 2: 0.1 / (99 × 500).
    const expected = ((0.1 / (110 * 2000) + 0.1 / (99 * 500)) / 2) * 1e6;
    expect(amihudIlliquidity({ lookbackDays: 2 }).compute(h)[0]).toBeCloseTo(expected, 9);
    expect(logDollarVolume({ lookbackDays: 2 }).compute(h)[0]).toBeCloseTo(Math.log((110 * 2000 + 99 * 500) / 2), 9);
  });

  it('funding carry is minus the mean funding rate', () => {
    const h = historyFrom([[0], [0], [0]], { funding_rate: [[0.001], [0.0002], [0.0004]] });
    expect(fundingCarry({ lookbackDays: 2 }).compute(h)[0]).toBeCloseTo(-0.0003, 12);
  });

  it('downside beta uses only the bars where the market is below its mean', () => {
    // Asset 0 is a huge-cap "index" that is the market; asset 1 moves 2× the
    // market on down bars and 0.5× on up bars.
    const rng = new Random(5);
    const rets: number[][] = [[0, 0]];
    for (let t = 1; t <= 60; t++) {
      const m = 0.02 * rng.normal();
      rets.push([m, m < 0 ? 2 * m : 0.5 * m]);
    }
    const caps = rets.map(() => [1e15, 1]);
    const h = historyFrom(rets, { market_cap: caps });
    const mean = rets.slice(1).reduce((s, r) => s + r[0], 0) / 60;
    // Independent: a plain OLS slope over the bars where the market is below its mean.
    const pairs = rets.slice(1).filter((r) => r[0] < mean);
    const mx = pairs.reduce((s, r) => s + r[0], 0) / pairs.length;
    const my = pairs.reduce((s, r) => s + r[1], 0) / pairs.length;
    const slope = pairs.reduce((s, r) => s + (r[0] - mx) * (r[1] - my), 0) / pairs.reduce((s, r) => s + (r[0] - mx) ** 2, 0);
    expect(downsideBeta({ lookbackDays: 60 }).compute(h)[1]).toBeCloseTo(slope, 6);
    expect(slope).toBeGreaterThan(1.5);
  });

  it('idiosyncratic volatility is the residual standard deviation of the market regression', () => {
    const rng = new Random(9);
    const rets: number[][] = [[0, 0]];
    const eps: number[] = [];
    for (let t = 1; t <= 40; t++) {
      const m = 0.02 * rng.normal();
      const e = 0.01 * rng.normal();
      eps.push(e);
      rets.push([m, 1.3 * m + e]);
    }
    const h = historyFrom(rets, { market_cap: rets.map(() => [1e15, 1]) });
    // Independent: residuals of OLS of asset on market, RSS / (n − 2).
    const xs = rets.slice(1).map((r) => r[0]);
    const ys = rets.slice(1).map((r) => r[1]);
    const mx = xs.reduce((a, b) => a + b) / 40;
    const my = ys.reduce((a, b) => a + b) / 40;
    const b = xs.reduce((s, x, j) => s + (x - mx) * (ys[j] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    const rss = ys.reduce((s, y, j) => s + (y - my - b * (xs[j] - mx)) ** 2, 0);
    expect(idiosyncraticVolatility({ lookbackDays: 40 }).compute(h)[1]).toBeCloseTo(Math.sqrt(rss / 38), 6);
  });
});

describe('seriesBeta and publication lags', () => {
  // Asset returns react to the series value stamped two bars earlier (released with a lag of 2).
  const rng = new Random(11);
  const T = 40;
  const x = Array.from({ length: T }, () => rng.normal());
  const rets = Array.from({ length: T }, (_, t) => [t >= 2 ? 0.01 * x[t - 2] : 0]);

  it('recovers the sensitivity when the lag matches the release delay', () => {
    const h = historyFrom(rets, {}, { surprise: x });
    expect(seriesBeta({ series: 'surprise', lookbackDays: 30, publicationLagDays: 2 }).compute(h)[0]).toBeCloseTo(0.01, 12);
    expect(Math.abs(seriesBeta({ series: 'surprise', lookbackDays: 30 }).compute(h)[0] - 0.01)).toBeGreaterThan(0.002);
  });

  it('never reads a value stamped within the last lag bars', () => {
    const changed = x.slice();
    changed[T - 1] = 100;
    changed[T - 2] = -100;
    const a = seriesBeta({ series: 'surprise', lookbackDays: 30, publicationLagDays: 2 }).compute(historyFrom(rets, {}, { surprise: x }));
    const b = seriesBeta({ series: 'surprise', lookbackDays: 30, publicationLagDays: 2 }).compute(historyFrom(rets, {}, { surprise: changed }));
    expect(b[0]).toBe(a[0]);
  });
});

describe('factor input errors', () => {
  it('name the factor and the missing column or bad option', () => {
    const h = historyFrom([[0], [0.1], [0.2]]);
    expect(() => fundingCarry({ lookbackDays: 2 }).compute(h)).toThrow("fundingCarry needs a 'funding_rate' column");
    expect(() => amihudIlliquidity({ lookbackDays: 2 }).compute(h)).toThrow("needs a 'volume' column");
    expect(() => maxReturn({ lookbackDays: 5, top: 9 })).toThrow('maxReturn: top (9)');
    expect(() => seriesBeta({ series: 'x', lookbackDays: 5 })).toThrow('seriesBeta: lookbackDays (5) must be an integer >= 10');
  });
});
