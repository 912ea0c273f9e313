import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Market } from '../core/panel.js';

/** Shortest faithful text for a number already rounded to a few significant digits. */
function formatNumber(x: number): string {
  if (Number.isNaN(x)) return '';
  const s = String(x);
  if (Math.abs(x) >= 1e5 && Number.isInteger(x)) {
    const exp = x.toExponential().replace('e+', 'e');
    return exp.length < s.length ? exp : s;
  }
  return s;
}

/**
 * Write a market as `prices.csv` (long: `date,asset,<fields>`, only asset-days
 * where the asset is listed, i.e. any field is present) and `series.csv`.
 */
export function writeMarketCsv(dir: string, market: Market): void {
  mkdirSync(dir, { recursive: true });
  const { panel, series } = market;
  const fields = panel.fieldNames;
  const arrays = fields.map((f) => panel.field(f));
  const n = panel.assets.length;
  const lines: string[] = [`date,asset,${fields.join(',')}`];
  panel.dates.forEach((date, t) => {
    for (let i = 0; i < n; i++) {
      const cells = arrays.map((a) => formatNumber(a[t * n + i]));
      if (cells.every((c) => c === '')) continue;
      lines.push(`${date},${panel.assets[i]},${cells.join(',')}`);
    }
  });
  writeFileSync(join(dir, 'prices.csv'), `${lines.join('\n')}\n`);
  if (series.names.length > 0) {
    const cols = series.names.map((s) => series.get(s));
    const seriesLines = [`date,${series.names.join(',')}`];
    series.dates.forEach((date, t) => seriesLines.push(`${date},${cols.map((c) => formatNumber(c[t])).join(',')}`));
    writeFileSync(join(dir, 'series.csv'), `${seriesLines.join('\n')}\n`);
  }
}
