import fc from 'fast-check';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLongCsv } from '../../src/data/load-long-csv.js';
import { parseDecimalFast } from '../../src/data/read-lines.js';

describe('the streaming CSV loader', () => {
  it('parses plain decimals to exactly the double Number() gives, or declines', () => {
    const decimal = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^\d{0,12}$/), fc.boolean(), fc.stringMatching(/^\d{0,12}$/), fc.option(fc.integer({ min: -30, max: 30 })))
      .map(([sign, whole, dot, frac, exp]) => `${sign}${whole}${dot ? '.' : ''}${dot ? frac : ''}${exp === null ? '' : `e${exp}`}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const fast = parseDecimalFast(text, 0, text.length);
        if (text === '') expect(fast).toBeNaN();
        else if (fast !== undefined) expect(Object.is(fast, Number(text))).toBe(true);
      }),
      { numRuns: 5000, seed: 105 },
    );
    expect(parseDecimalFast('x1.5,', 1, 4)).toBe(1.5);
    expect(parseDecimalFast('1e400', 0, 5)).toBeUndefined();
    expect(parseDecimalFast(' 1', 0, 2)).toBeUndefined();
    expect(parseDecimalFast('NA', 0, 2)).toBeUndefined();
    expect(parseDecimalFast('1234567890123456', 0, 16)).toBeUndefined();
  });

  it('gives the panel a split-and-Number parse of the whole file gives (the sample market)', () => {
    const panel = loadLongCsv('data/sample/prices.csv');
    const lines = readFileSync('data/sample/prices.csv', 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const dates = [...new Set(lines.slice(1).map((l) => l.split(',')[0]))];
    const assets = [...new Set(lines.slice(1).map((l) => l.split(',')[1]))].sort();
    expect(panel.dates).toEqual(dates);
    expect(panel.assets).toEqual(assets);
    const n = assets.length;
    for (const [c, name] of header.entries()) {
      if (c < 2) continue;
      const expected = new Float64Array(dates.length * n).fill(NaN);
      for (const line of lines.slice(1)) {
        const cells = line.split(',');
        expected[dates.indexOf(cells[0]) * n + assets.indexOf(cells[1])] = cells[c] === '' ? NaN : Number(cells[c]);
      }
      expect(panel.field(name)).toEqual(expected);
    }
  });

  it('reads CRLF line ends, a byte-order mark, blank lines and lines that straddle the 1 MiB reads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'factorlab-stream-'));
    const rows = Array.from({ length: 40_000 }, (_, k) => `2024-01-${String(1 + Math.floor(k / 2000)).padStart(2, '0')},A${String(k % 2000).padStart(4, '0')},${(k * 0.37 + 1).toFixed(5)}`);
    const file = join(dir, 'p.csv');
    writeFileSync(file, `\ufeffdate,asset,close\r\n\r\n${rows.join('\r\n')}\r\n`);
    const panel = loadLongCsv(file);
    expect(panel.dates).toHaveLength(20);
    expect(panel.assets).toHaveLength(2000);
    expect(panel.field('close')[19 * 2000 + 1999]).toBe(Number((39_999 * 0.37 + 1).toFixed(5)));
  });
});

describe('the panel cache', () => {
  it('gives the parsed panel and fingerprint back, and is ignored once the file changes', async () => {
    const { loadMarket } = await import('../../src/data/load-market.js');
    const { existsSync, appendFileSync, copyFileSync, mkdirSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'factorlab-cache-'));
    mkdirSync(join(dir, 'm'));
    copyFileSync('data/sample/prices.csv', join(dir, 'm', 'prices.csv'));
    copyFileSync('data/sample/series.csv', join(dir, 'm', 'series.csv'));
    const parsed = loadMarket(join(dir, 'm'), { cache: false });
    expect(existsSync(join(dir, 'm', '.factorlab-cache'))).toBe(false);
    const first = loadMarket(join(dir, 'm'));
    expect(existsSync(join(dir, 'm', '.factorlab-cache', 'prices.csv.panel'))).toBe(true);
    const cached = loadMarket(join(dir, 'm'));
    expect(cached.fingerprint).toBe(parsed.fingerprint);
    expect(first.fingerprint).toBe(parsed.fingerprint);
    expect(cached.panel.dates).toEqual(parsed.panel.dates);
    expect(cached.panel.assets).toEqual(parsed.panel.assets);
    for (const name of parsed.panel.fieldNames) expect(cached.panel.field(name)).toEqual(parsed.panel.field(name));
    appendFileSync(join(dir, 'm', 'prices.csv'), '2025-01-01,A002,400,1,1e10,0,\n');
    const changed = loadMarket(join(dir, 'm'));
    expect(changed.fingerprint).not.toBe(parsed.fingerprint);
    expect(changed.panel.dates.at(-1)).toBe('2025-01-01');
  });
});
