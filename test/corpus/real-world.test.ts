import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { loadMarket } from '../../src/data/load-market.js';
import { preparePanel } from '../../src/data/prepare-panel.js';

/**
 * The real-world corpus (test/fixtures/corpus/real-world/): small files shaped
 * like what R, Excel, vendors and exchanges write. Each loads to the panel it
 * describes or fails with the named error.
 */
const corpus = 'test/fixtures/corpus/real-world';
const load = (name: string) => loadMarket(`${corpus}/${name}`, { cache: false });
const at = (panel: ReturnType<typeof load>['panel'], field: string, date: string, asset: string): number => panel.field(field)[panel.indexOf(date) * panel.assets.length + panel.assets.indexOf(asset)];

describe('the real-world corpus', () => {
  it('quoted (R write.csv): quoted header and cells, a comma and doubled quotes inside ids', () => {
    const { panel } = load('quoted.csv');
    expect(panel.assets).toEqual(['Berkshire Hathaway, Inc.', 'The "Big" Fund']);
    expect(at(panel, 'close', '2021-01-06', 'Berkshire Hathaway, Inc.')).toBe(402);
  });

  it.each(['bom-crlf.csv', 'lone-cr.csv', 'padded.csv'])('%s: the same 2 × 6 panel', (name) => {
    const { panel } = load(name);
    expect([panel.assets, panel.dates.length]).toEqual([['A', 'B'], 6]);
    expect(at(panel, 'close', '2021-01-11', 'B')).toBe(25);
  });

  it("per-ticker (Yahoo): ids from file names, Adj Close used and said, a late listing's earlier bars missing", () => {
    const m = load('per-ticker');
    expect(m.panel.assets).toEqual(['AAA', 'BBB']);
    expect(at(m.panel, 'close', '2021-01-04', 'AAA')).toBeCloseTo(9.8, 12);
    expect(Number.isNaN(at(m.panel, 'close', '2021-01-05', 'BBB'))).toBe(true);
    expect(m.notices?.join('\n')).toMatch(/close taken from 'Adj Close' for 2 asset\(s\)/);
  });

  it('wide: one column per asset, blanks missing', () => {
    const { panel } = load('wide.csv');
    expect(panel.assets).toEqual(['AAA', 'BBB', 'CCC']);
    expect(Number.isNaN(at(panel, 'close', '2021-01-05', 'BBB'))).toBe(true);
    expect(at(panel, 'close', '2021-01-11', 'CCC')).toBe(25);
  });

  it("returns (percent): the engine's returns are the file's from each asset's second bar", () => {
    const m = load('returns');
    const { panel } = preparePanel(m);
    expect(at(panel, 'return', '2021-01-06', 'A')).toBeCloseTo(0.005, 14);
    expect(at(panel, 'return', '2021-01-06', 'B')).toBeCloseTo(0.01, 14);
    expect(m.notices?.join('\n')).toMatch(/percent \(return_pct, divided by 100\)/);
  });

  it('categorical: sector and exchange are labels, a blank one is none', () => {
    const { panel } = load('categorical.csv');
    expect(panel.fieldNames).toEqual(['close']);
    expect(panel.label('sector').row(0, 3)).toEqual(['Information Technology', 'Energy', '']);
    expect(panel.label('exchange').row(5, 3)).toEqual(['NASDAQ', 'NYSE', 'NYSE']);
  });

  it('text in the close column: not-a-number naming the line and column', () => {
    expect(() => load('text-in-close.csv')).toThrow(DataError);
    expect(() => load('text-in-close.csv')).toThrow(/text-in-close\.csv:3 column 'close': 'tech' is not a finite number/);
  });

  it('blank columns: dropped, with notices saying what that means', () => {
    const m = load('blank-columns.csv');
    expect(m.panel.fieldNames).toEqual(['close']);
    expect(m.notices).toHaveLength(2);
    expect(m.notices?.[1]).toMatch(/'market_cap' is blank in every row and is treated as absent: the market return is equal-weighted/);
  });

  it('a 3-for-2 split on a day the market falls 5%: found by the split check (the cap moved with the market, not the price)', () => {
    const { report } = preparePanel(load('split-falling'));
    const split = report.issues.filter((x) => x.check === 'split');
    expect(split.map((x) => [x.asset, x.date])).toEqual([['S', '2021-01-07']]);
    expect(split[0].detail).toMatch(/3-for-2 split/);
  });

  it('the same with actions.csv: the return is the 5% fall, no finding, the close as traded', () => {
    const { panel, report } = preparePanel(load('split-falling-actions'));
    expect(at(panel, 'return', '2021-01-07', 'S')).toBeCloseTo(-0.05, 4);
    expect(at(panel, 'close', '2021-01-07', 'S')).toBe(57);
    expect(report.issues.filter((x) => x.check === 'split')).toEqual([]);
  });

  it('an actions file with the price ratio where the share ratio belongs: inverted-split', () => {
    expect(() => load('actions-inverted')).toThrow(/actions\.csv:2 column 'split_ratio': S closed 90 → 57 on 2021-01-07.*looks like the price ratio/);
  });
});
