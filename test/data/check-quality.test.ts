import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { Panel, SeriesSet, type Market } from '../../src/core/panel.js';
import { Random } from '../../src/core/random.js';
import { checkDataQuality } from '../../src/data/check-quality.js';
import { preparePanel } from '../../src/data/prepare-panel.js';

const T = 40;
const assets = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
const n = assets.length;

/** Random walks with planted problems: A splits 2-for-1 on bar 20, B is stale for 6 bars,
 *  C crashes 70% on bar 10, D misses 4 closes, E prints 0 on bar 5, and every asset halves on bar 30. */
function plantedMarket(): Market {
  const rng = new Random(4);
  const close = new Float64Array(T * n);
  const d = Array.from({ length: T }, (_, t) => `d${String(t).padStart(2, '0')}`);
  for (let i = 0; i < n; i++) {
    let p = 100;
    for (let t = 0; t < T; t++) {
      if (t > 0) p *= Math.exp(0.01 * rng.normal());
      if (t === 30) p *= 0.5;
      close[t * n + i] = p;
    }
  }
  for (let t = 20; t < T; t++) close[t * n] /= 2;
  for (let t = 12; t < 18; t++) close[t * n + 1] = close[11 * n + 1];
  for (let t = 10; t < T; t++) close[t * n + 2] *= 0.3;
  for (let t = 25; t < 29; t++) close[t * n + 3] = NaN;
  close[5 * n + 4] = 0;
  return { panel: new Panel(d, assets, new Map([['close', close]])), series: new SeriesSet(d, new Map()), fingerprint: 'x', source: 'test/planted.csv' };
}

describe('data-quality checks', () => {
  const market = plantedMarket();
  // An extreme move is one beyond ±150% in log terms (below −60%), so the market-wide
  // halving is not extreme, and it must not look like a split either: the peers moved too.
  const extremeReturn = 1.5;
  const report = checkDataQuality(market.panel, { extremeReturn });

  it('finds each planted problem once, at its asset and date, and not the market-wide halving', () => {
    const found = report.issues.map((x) => `${x.check} ${x.asset} ${x.date}..${x.endDate}`);
    expect(found).toEqual([
      'split A d20..d20',
      'stale B d11..d17',
      'extremeReturn C d10..d10',
      'gap D d25..d28',
      'nonPositivePrice E d05..d05',
    ]);
    expect(report.issues[0].detail).toMatch(/probable unadjusted 2-for-1 split/);
    expect(report.issues[1].value).toBe(7);
  });

  it('policy error stops with a DataError naming the data, check, asset and date', () => {
    let error: unknown;
    try {
      preparePanel(market, { extremeReturn });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).code).toBe('data-quality');
    expect((error as DataError).message).toMatch(/^test\/planted\.csv: 1 nonPositivePrice finding\(s\) under policy 'error': E on d05: close 0 is not positive/);
  });

  it('prepares a market once per set of check settings and hands later runs the same panel', () => {
    const policies = { nonPositivePrice: 'warn' } as const;
    const first = preparePanel(market, { policies, extremeReturn });
    expect(preparePanel(market, { policies, extremeReturn })).toBe(first);
    const other = preparePanel(market, { policies: { nonPositivePrice: 'exclude' }, extremeReturn });
    expect(other).not.toBe(first);
    // The zero close is dropped under 'exclude' and kept under 'warn'.
    const zero = market.panel.field('close').indexOf(0);
    expect(first.panel.field('close')[zero]).toBe(0);
    expect(Number.isNaN(other.panel.field('close')[zero])).toBe(true);
  });

  it('policy exclude drops the findings: no split or crash return, no zero close, no stale closes', () => {
    const policies = { nonPositivePrice: 'exclude', split: 'exclude', stale: 'exclude', extremeReturn: 'exclude', gap: 'exclude' } as const;
    const { panel } = preparePanel(market, { policies, extremeReturn });
    const ret = panel.field('return');
    const close = panel.field('close');
    expect(ret[20 * n]).toBeNaN();
    expect(Math.abs(ret[21 * n])).toBeLessThan(0.05);
    expect(ret[10 * n + 2]).toBeNaN();
    expect(ret[29 * n + 3]).toBeNaN();
    expect(close[5 * n + 4]).toBeNaN();
    // B repeats its bar-11 close on bars 12..17: point in time, the run is known stale at its 5th close (bar 15).
    for (const t of [11, 12, 13, 14]) expect(close[t * n + 1]).toBe(market.panel.field('close')[11 * n + 1]);
    for (const t of [15, 16, 17]) expect(close[t * n + 1]).toBeNaN();
    // The ex-post cleaning judges bars 12..14 by the closes after them.
    const expost = preparePanel(market, { policies, extremeReturn, staleExclusion: 'ex-post' }).panel.field('close');
    for (const t of [12, 13, 14, 15, 16, 17]) expect(expost[t * n + 1]).toBeNaN();
    expect(expost[11 * n + 1]).toBe(market.panel.field('close')[11 * n + 1]);
  });

  it('excludes, by default, only what the data up to each bar shows: the same cells as on the panel cut at that bar', () => {
    const policies = { nonPositivePrice: 'exclude', split: 'exclude', stale: 'exclude', extremeReturn: 'exclude', gap: 'exclude' } as const;
    const full = checkDataQuality(market.panel, { policies, extremeReturn }).exclusions;
    const close = market.panel.field('close');
    for (let t = 0; t < T; t++) {
      const cut = new Panel(market.panel.dates.slice(0, t + 1), assets, new Map([['close', close.slice(0, (t + 1) * n)]]));
      const early = checkDataQuality(cut, { policies, extremeReturn }).exclusions;
      const upTo = (cells: ReadonlySet<number>): number[] => [...cells].filter((c) => c < (t + 1) * n).sort((a, b) => a - b);
      expect(upTo(early.closes)).toEqual(upTo(full.closes));
      expect(upTo(early.returns)).toEqual(upTo(full.returns));
    }
  });

  it('policy warn reports without changing the data; ignore does neither', () => {
    const { panel, report: warned } = preparePanel(market, { policies: { nonPositivePrice: 'warn' }, extremeReturn });
    expect(warned.issues).toHaveLength(5);
    expect(panel.field('return')[20 * n]).toBeCloseTo(market.panel.field('close')[20 * n] / market.panel.field('close')[19 * n] - 1, 12);
    const ignored = checkDataQuality(market.panel, { policies: { split: 'ignore', nonPositivePrice: 'ignore' }, extremeReturn });
    expect(ignored.issues.map((x) => x.check)).toEqual(['stale', 'extremeReturn', 'gap']);
  });

  it('thresholds are configurable', () => {
    const strict = checkDataQuality(market.panel, { staleDays: 8, gapDays: 5, extremeReturn: 2, policies: { nonPositivePrice: 'warn' } });
    expect(strict.issues.map((x) => x.check)).toEqual(['split', 'extremeReturn', 'nonPositivePrice']);
    // With the default ±100% threshold the market-wide halving is extreme for every asset, but never a split.
    const byDefault = checkDataQuality(market.panel, { policies: { nonPositivePrice: 'warn' } });
    expect(byDefault.issues.filter((x) => x.date === 'd30').every((x) => x.check === 'extremeReturn')).toBe(true);
    expect(byDefault.issues.filter((x) => x.date === 'd30').length).toBeGreaterThan(0);
  });
});

describe('extreme-return check', () => {
  it('flags exactly the moves with |ln(c/p)| above ln(1 + threshold), also with the threshold set to an observed move', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.nat({ max: 5 * 29 - 1 }), (seed, pick) => {
        const rng = new Random(seed);
        const n = 5;
        const T = 30;
        const close = new Float64Array(T * n);
        for (let i = 0; i < n; i++) close[i] = 10 + i;
        // Moves within ±40%: never a split candidate (ln 2), never stale.
        for (let t = 1; t < T; t++) for (let i = 0; i < n; i++) close[t * n + i] = close[(t - 1) * n + i] * (1 + 0.4 * (2 * rng.uniform() - 1));
        const cell = n + pick;
        const threshold = Math.abs(close[cell] / close[cell - n] - 1);
        const dates = Array.from({ length: T }, (_, t) => `d${String(t).padStart(2, '0')}`);
        const panel = new Panel(dates, ['A', 'B', 'C', 'D', 'E'], new Map([['close', close]]));
        const report = checkDataQuality(panel, { extremeReturn: threshold });
        const flagged = report.issues.filter((x) => x.check === 'extremeReturn').map((x) => `${x.asset}@${x.date}`).sort();
        const expected: string[] = [];
        for (let t = 1; t < T; t++) for (let i = 0; i < n; i++) if (Math.abs(Math.log(close[t * n + i] / close[(t - 1) * n + i])) > Math.log(1 + threshold)) expected.push(`${panel.assets[i]}@${dates[t]}`);
        expect(flagged).toEqual(expected.sort());
      }),
      { numRuns: 100 },
    );
  });
});

describe('split check', () => {
  /** 20 assets over 12 bars, ±1% moves, shares outstanding fixed (cap = close × shares); `edit` plants events. */
  function market(edit: (close: Float64Array, shares: Float64Array[], marketMove: (t: number, m: number) => void) => void): Panel {
    const rng = new Random(17);
    const N = 20;
    const T = 12;
    const close = new Float64Array(T * N);
    const shares = Array.from({ length: T }, () => new Float64Array(N).fill(1e6));
    for (let i = 0; i < N; i++) close[i] = 50 + i;
    for (let t = 1; t < T; t++) for (let i = 0; i < N; i++) close[t * N + i] = close[(t - 1) * N + i] * Math.exp(0.01 * rng.normal());
    const marketMove = (t: number, m: number): void => {
      for (let s = t; s < T; s++) for (let i = 0; i < N; i++) close[s * N + i] *= Math.exp(m);
    };
    edit(close, shares, marketMove);
    const cap = close.map((c, k) => c * shares[Math.floor(k / N)][k % N]);
    return new Panel(Array.from({ length: T }, (_, t) => `d${String(t).padStart(2, '0')}`), Array.from({ length: N }, (_, i) => `S${i}`), new Map([['close', close], ['market_cap', cap]]));
  }
  const N = 20;
  /** A split at bar t: the price is multiplied by `ratio` from then on and shares by 1/ratio, so the cap is continuous. */
  const split = (close: Float64Array, shares: Float64Array[], i: number, t: number, ratio: number): void => {
    for (let s = t; s < shares.length; s++) {
      close[s * N + i] *= ratio;
      shares[s][i] /= ratio;
    }
  };

  it('finds 3-for-2 and 5-for-4 splits, a 1-for-5 reverse split, and a 2-for-1 split on a day the market fell 5%, by the unchanged market cap', () => {
    const panel = market((close, shares, marketMove) => {
      split(close, shares, 0, 3, 2 / 3);
      split(close, shares, 1, 4, 4 / 5);
      split(close, shares, 2, 5, 5);
      marketMove(7, Math.log(0.95));
      // On the falling day the stock also moves with its own noise.
      split(close, shares, 3, 7, 0.5 * Math.exp(-0.02));
    });
    const found = checkDataQuality(panel).issues.filter((x) => x.check === 'split').map((x) => `${x.asset}@${x.date}: ${x.detail.replace(/.*probable unadjusted /, '')}`);
    expect(found).toEqual(['S0@d03: 3-for-2 split', 'S1@d04: 5-for-4 split', 'S2@d05: 1-for-5 reverse split', 'S3@d07: 2-for-1 split']);
  });

  it('tells a real fall from a split by the market cap, so exclude never deletes a real loss', () => {
    // A −49.5% fall: the price ratio is within 1% of a 2-for-1 split's, but the market cap halves with it.
    const panel = market((close) => {
      for (let s = 6; s < 12; s++) close[s * N + 4] *= 0.505;
    });
    const report = checkDataQuality(panel, { policies: { split: 'exclude' } });
    expect(report.issues.filter((x) => x.check === 'split')).toEqual([]);
    expect(report.exclusions.returns.size).toBe(0);
    // Without a market cap to tell them apart, the same move is still a probable split (and says so).
    const closesOnly = new Panel(panel.dates, panel.assets, new Map([['close', panel.field('close')]]));
    const unconfirmed = checkDataQuality(closesOnly).issues.filter((x) => x.check === 'split');
    expect(unconfirmed.map((x) => x.asset)).toEqual(['S4']);
    expect(unconfirmed[0].detail).toContain('no market cap to confirm');
  });
});

