import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { loadMarket } from '../../src/data/load-market.js';
import { preparePanel } from '../../src/data/prepare-panel.js';

const root = mkdtempSync(join(tmpdir(), 'factorlab-actions-'));
const DATES = ['2021-03-01', '2021-03-02', '2021-03-03', '2021-03-04', '2021-03-05', '2021-03-08', '2021-03-09', '2021-03-10'];
/**
 * Unadjusted closes of four assets. On 2021-03-04 the market falls about 5%;
 * SPLT splits 2-for-1 that day (100 → 47.5: ×0.475 = 0.5 × 0.95), THRE splits
 * 3-for-2 on 2021-03-08 (90 → 60.6), DIVI pays 2.0 on 2021-03-05.
 */
const CLOSES: Record<string, number[]> = {
  SPLT: [100, 101, 100, 47.5, 47.0, 47.2, 47.4, 47.1],
  THRE: [88, 89, 90, 85.5, 90, 60.6, 61, 61.2],
  DIVI: [50, 50.5, 51, 48.5, 47.0, 47.5, 47.2, 47.9],
  PEER: [20, 20.2, 20.1, 19.1, 19.2, 19.3, 19.4, 19.2],
};

function market(name: string, actions?: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  const rows = ['date,asset,close'];
  DATES.forEach((d, t) => Object.entries(CLOSES).forEach(([a, c]) => rows.push(`${d},${a},${c[t]}`)));
  writeFileSync(join(dir, 'prices.csv'), rows.join('\n'));
  if (actions !== undefined) writeFileSync(join(dir, 'actions.csv'), actions);
  return dir;
}

const ACTIONS = 'date,asset,split_ratio,dividend\n2021-03-04,SPLT,2,\n2021-03-08,THRE,3:2,\n2021-03-05,DIVI,,2.0\n';

describe('actions.csv', () => {
  const dir = market('adjusted', ACTIONS);

  it('corrects each ex-date return to k (close + D) / previous close − 1, keeps the closes as traded, and the split check stays quiet', () => {
    const m = loadMarket(dir, { cache: false });
    const { panel, report, notices } = preparePanel(m);
    const n = panel.assets.length;
    const at = (asset: string, date: string, field: string): number => panel.field(field)[panel.indexOf(date) * n + panel.assets.indexOf(asset)];
    expect(at('SPLT', '2021-03-04', 'return')).toBeCloseTo((2 * 47.5) / 100 - 1, 14); // −5%, the market's move
    expect(at('THRE', '2021-03-08', 'return')).toBeCloseTo((1.5 * 60.6) / 90 - 1, 14);
    expect(at('DIVI', '2021-03-05', 'return')).toBeCloseTo((47.0 + 2.0) / 48.5 - 1, 14);
    expect(at('SPLT', '2021-03-05', 'return')).toBeCloseTo(47.0 / 47.5 - 1, 14); // after the ex-date: plain ratios again
    expect(at('SPLT', '2021-03-04', 'close')).toBe(47.5);
    expect(report.issues.filter((x) => x.check === 'split')).toEqual([]);
    expect(notices.join('\n')).toMatch(/actions\.csv: 2 split\(s\) and 1 dividend\(s\) applied to the returns across their ex-dates, point in time/);
  });

  it("under actions: 'ignore' leaves raw moves, and the split check finds the 2-for-1 split on the falling day", () => {
    const { panel, report, notices } = preparePanel(loadMarket(dir, { cache: false }), { actions: 'ignore' });
    const n = panel.assets.length;
    expect(panel.field('return')[3 * n + panel.assets.indexOf('SPLT')]).toBeCloseTo(-0.525, 14);
    expect(report.issues.find((x) => x.check === 'split' && x.asset === 'SPLT')?.detail).toMatch(/2-for-1 split/);
    expect(notices.join('\n')).toMatch(/ignored/);
  });

  it('is point in time: changing an action after a date changes no close or return at or before it (property)', () => {
    const base = preparePanel(loadMarket(dir, { cache: false })).panel;
    let k = 0;
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 7 }), fc.constantFrom('SPLT', 'DIVI', 'PEER'), fc.double({ min: 0.2, max: 5, noNaN: true }), (t, asset, ratio) => {
        const changed = market(`pit-${k++}`, `${ACTIONS}${DATES[t]},${asset === 'SPLT' ? 'PEER' : asset},${ratio.toFixed(4)},\n`);
        let panel;
        try {
          panel = preparePanel(loadMarket(changed, { cache: false })).panel;
        } catch (err) {
          // A ratio that reads as the price move inverted, or a second action on one day, is refused: also before anything is used.
          expect(err).toBeInstanceOf(DataError);
          return;
        }
        const n = panel.assets.length;
        for (const field of ['close', 'return']) {
          const a = base.field(field).subarray(0, t * n);
          const b = panel.field(field).subarray(0, t * n);
          expect(Array.from(b)).toEqual(Array.from(a));
        }
      }),
      { numRuns: 12, seed: 17 },
    );
  });

  it('reads ratios as numbers, a:b, a/b and a-for-b', () => {
    const dirs = ['2', '2:1', '2/1', '2-for-1'].map((r, i) => market(`ratio-${i}`, `date,asset,split_ratio\n2021-03-04,SPLT,${r}\n`));
    const returns = dirs.map((d) => {
      const p = preparePanel(loadMarket(d, { cache: false })).panel;
      return p.field('return')[3 * p.assets.length + p.assets.indexOf('SPLT')];
    });
    for (const r of returns) expect(r).toBeCloseTo(-0.05, 14);
  });

  it.each([
    ['an unknown asset', 'date,asset,split_ratio\n2021-03-04,NOPE,2\n', /actions\.csv:2 column 'asset': 'NOPE' is not an asset of the prices/],
    ['a date without a close', 'date,asset,split_ratio\n2021-03-06,SPLT,2\n', /actions\.csv:2 column 'date': SPLT has no close on 2021-03-06/],
    ['a price ratio where the share ratio belongs', 'date,asset,split_ratio\n2021-03-04,SPLT,0.5\n', /actions\.csv:2 column 'split_ratio': SPLT closed 100 → 47\.5 on 2021-03-04.*looks like the price ratio; write new shares per old share \(2\.00\)/],
    ['a negative ratio', 'date,asset,split_ratio\n2021-03-04,SPLT,-2\n', /actions\.csv:2 column 'split_ratio': '-2' is not a positive ratio/],
    ['a dividend above the price', 'date,asset,dividend\n2021-03-05,DIVI,60\n', /actions\.csv:2 column 'dividend': 60 must be at least 0 and below the ex-date close/],
    ['no action column', 'date,asset,amount\n2021-03-05,DIVI,1\n', /actions\.csv:1 column 'split_ratio': expected a split_ratio or a dividend column/],
  ])('refuses %s with one line naming the file, line and column', (_, text, message) => {
    const d = market(`bad-${Math.random().toString(36).slice(2)}`, text);
    expect(() => loadMarket(d, { cache: false })).toThrow(message);
  });

  it("refuses actions: 'adjust' without the file, and puts the file in the fingerprint", () => {
    const plain = market('plain');
    expect(() => preparePanel(loadMarket(plain, { cache: false }), { actions: 'adjust' })).toThrow(/dataChecks\.actions is 'adjust' but the data has no actions\.csv/);
    expect(loadMarket(plain, { cache: false }).fingerprint).not.toBe(loadMarket(dir, { cache: false }).fingerprint);
  });
});
