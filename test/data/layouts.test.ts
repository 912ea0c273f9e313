import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { loadMarket } from '../../src/data/load-market.js';
import { preparePanel } from '../../src/data/prepare-panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';

const root = mkdtempSync(join(tmpdir(), 'factorlab-layouts-'));
const folder = (name: string, files: Record<string, string>): string => {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
};

describe('layouts vendors ship', () => {
  it('reads a wide file of closes (date, one column per asset) as the long file it stands for', () => {
    const wide = loadMarket(folder('wide', { 'prices.csv': 'Date,AAPL,MSFT\n2021-01-04,129.41,217.69\n2021-01-05,131.01,\n2021-01-06,126.60,212.25\n' }));
    expect(wide.panel.assets).toEqual(['AAPL', 'MSFT']);
    expect(Array.from(wide.panel.field('close'))).toEqual([129.41, 217.69, 131.01, NaN, 126.6, 212.25]);
  });

  it('reads returns-only data, wide (fractions) and long (return_pct in percent), with the units stated; the engine gets the file\'s returns back', () => {
    const returns = [0.01, -0.02, 0.005, 0.03];
    const wideText = `date,A,B\n${returns.map((r, t) => `2021-01-0${t + 1},${r},${-r}`).join('\n')}\n`;
    const wide = loadMarket(folder('wide-returns', { 'returns.csv': wideText }));
    expect(wide.notices?.[0]).toMatch(/returns-only data in fractions; closes are an index compounded from them/);
    const derived = preparePanel(wide).panel.field('return');
    // Every return but each asset's first comes back exactly (to rounding); the first runs from a bar the data lacks.
    for (let t = 1; t < returns.length; t++) {
      expect(derived[t * 2]).toBeCloseTo(returns[t], 14);
      expect(derived[t * 2 + 1]).toBeCloseTo(-returns[t], 14);
    }
    const longText = `date,asset,return_pct\n${returns.map((r, t) => `2021-01-0${t + 1},A,${r * 100}`).join('\n')}\n`;
    const long = loadMarket(folder('long-returns-pct', { 'returns.csv': longText }));
    expect(long.notices?.[0]).toMatch(/in percent \(return_pct, divided by 100\)/);
    expect(preparePanel(long).panel.field('return')[3]).toBeCloseTo(0.03, 14);
  });

  it('reads a folder of Yahoo-style files per ticker (Adj Close, null rows) and exchange exports (timestamp, lower-case), and says which close it used', () => {
    const dir = folder('tickers', {
      'AAPL.csv': 'Date,Open,High,Low,Close,Adj Close,Volume\n2021-01-04,133.52,133.61,126.76,129.41,127.00,143301900\n2021-01-05,128.89,131.74,128.43,131.01,128.57,97664900\n2021-01-06,null,null,null,null,null,null\n',
      'BTC-USD.csv': 'timestamp,open,high,low,close,volume\n2021-01-04T00:00:00Z,33000,33600,28100,31900,120\n2021-01-05T00:00:00Z,31900,34400,30000,34000,110\n',
      'series.csv': 'date,rf\n2021-01-04,0.0001\n',
    });
    const m = loadMarket(dir);
    expect(m.panel.assets).toEqual(['AAPL', 'BTC-USD']);
    expect(m.series.names).toEqual(['rf']);
    const close = Array.from(m.panel.field('close'));
    expect(close).toEqual([127.0, 31900, 128.57, 34000, NaN, NaN]);
    expect(Array.from(m.panel.field('volume')).slice(0, 2)).toEqual([143301900, 120]);
    expect(m.notices).toEqual([
      `${dir}: close taken from 'Adj Close' for 1 asset(s) (split- and dividend-adjusted: returns include them; levels before the last adjustment are not the prices traded then)`,
      `${dir}: close taken from 'close' for 1 asset(s)`,
    ]);
  });

  it('names the file and column when a per-ticker file has no close', () => {
    const dir = folder('no-close', { 'X.csv': 'Date,Open\n2021-01-04,1\n' });
    expect(() => loadMarket(dir)).toThrow(DataError);
    expect(() => loadMarket(dir)).toThrow(/X\.csv:1 column 'Close': a per-asset file needs a Close or Adj Close column \(header: Date,Open\)/);
  });

  it('runs a strategy end to end on a per-ticker folder', () => {
    const { market } = generateSyntheticMarket({ seed: 13, assets: 12, days: 160 });
    const n = market.panel.assets.length;
    const files: Record<string, string> = {};
    market.panel.assets.forEach((asset, i) => {
      const lines = market.panel.dates.map((d, t) => `${d},${market.panel.field('close')[t * n + i] || ''},${market.panel.field('volume')[t * n + i] || ''}`);
      files[`${asset}.csv`] = `Date,Close,Volume\n${lines.join('\n')}\n`;
    });
    const dir = folder('synthetic-tickers', files);
    const r = spawnSync(process.execPath, ['bin/factorlab.js', 'run', 'test/fixtures/strategies/no-size.ts', '--data', dir, '--db', join(root, 'runs.sqlite'), '--quiet'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/! data: .*close taken from 'Close' for 12 asset\(s\)/);
  }, 30_000);
});
