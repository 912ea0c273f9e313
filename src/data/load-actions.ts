import { DataError } from '../core/errors.js';
import type { CorporateAction, CorporateActions } from '../core/corporate-actions.js';
import type { Panel } from '../core/panel.js';
import { headerExcerpt } from './csv-cells.js';
import { isMissingCell, parseDateCell, parseNumberCell, readCsv } from './csv-lines.js';

/**
 * Parse a split ratio cell: a number of new shares per old (`2`, `1.5`,
 * `0.1`), or `a:b`, `a/b`, `a-for-b` (a new shares for b old: `3:2`, `1-for-10`).
 */
function parseRatio(cell: string, file: string, line: number): number {
  const text = cell.trim();
  const m = /^(\d+(?:\.\d+)?)\s*(?::|\/|-for-)\s*(\d+(?:\.\d+)?)$/i.exec(text);
  const ratio = m === null ? parseNumberCell(text, file, line, 'split_ratio') : Number(m[1]) / Number(m[2]);
  if (!(ratio > 0)) throw new DataError('bad-split-ratio', { file, line, column: 'split_ratio' }, `'${text}' is not a positive ratio; write new shares per old share (2 or 2:1 for a 2-for-1 split, 1:10 for a 1-for-10 reverse split)`);
  return ratio;
}

/**
 * Load `actions.csv` (`date,asset,split_ratio,dividend`, either of the last
 * two may be absent or blank on a row) against the panel it adjusts. Each
 * action must fall on a bar where its asset has a close (the ex-date as
 * traded). A split whose ratio is the inverse of the price move on its date is
 * refused (a price ratio written where the share ratio belongs).
 * @throws DataError `missing-column`, `bad-date`, `not-a-number`, `bad-split-ratio`,
 *   `unknown-asset`, `no-close`, `duplicate-row`, `inverted-split`, `bad-dividend`
 */
export function loadActionsCsv(file: string, panel: Panel): CorporateActions {
  const csv = readCsv(file);
  const header = csv.header.map((h) => h.toLowerCase());
  const col = (name: string): number => header.indexOf(name);
  for (const required of ['date', 'asset']) {
    if (col(required) < 0) throw new DataError('missing-column', { file, line: 1, column: required }, `required column is missing (header: ${headerExcerpt(csv.header)}); expected date,asset,split_ratio,dividend`);
  }
  const splitCol = col('split_ratio');
  const dividendCol = col('dividend');
  if (splitCol < 0 && dividendCol < 0) throw new DataError('missing-column', { file, line: 1, column: 'split_ratio' }, `expected a split_ratio or a dividend column (header: ${headerExcerpt(csv.header)})`);
  const n = panel.assets.length;
  const assetIndex = new Map(panel.assets.map((a, i) => [a, i]));
  const close = panel.field('close');
  const factor = new Float64Array(panel.dates.length * n).fill(1);
  const seen = new Set<number>();
  const actions: CorporateAction[] = [];
  let splits = 0;
  let dividends = 0;
  for (const { line, cells } of csv.rows) {
    const date = parseDateCell(cells[col('date')], file, line, 'date');
    const asset = cells[col('asset')].trim();
    const i = assetIndex.get(asset);
    if (i === undefined) throw new DataError('unknown-asset', { file, line, column: 'asset' }, `'${asset}' is not an asset of the prices; fix the id or remove the row`);
    const t = panel.indexOf(date);
    const cell = t * n + i;
    if (t < 0 || Number.isNaN(close[cell])) throw new DataError('no-close', { file, line, column: 'date' }, `${asset} has no close on ${date}; an action goes on its ex-date, a day the asset traded`);
    if (seen.has(cell)) throw new DataError('duplicate-row', { file, line, column: 'asset' }, `a second action for ${asset} on ${date}; put the split and the dividend of one day on one row`);
    seen.add(cell);
    const splitCell = splitCol < 0 ? '' : cells[splitCol];
    const dividendCell = dividendCol < 0 ? '' : cells[dividendCol];
    const ratio = isMissingCell(splitCell) ? 1 : parseRatio(splitCell, file, line);
    const dividend = isMissingCell(dividendCell) ? 0 : parseNumberCell(dividendCell, file, line, 'dividend');
    if (!(dividend >= 0) || dividend >= close[cell]) throw new DataError('bad-dividend', { file, line, column: 'dividend' }, `${dividend} must be at least 0 and below the ex-date close (${close[cell]})`);
    if (ratio !== 1) {
      const prev = previousClose(close, n, i, t);
      // A split moves the price by 1/ratio; a move of about `ratio` instead means the ratio is the price's.
      if (prev !== undefined && Math.abs(Math.log(ratio)) > Math.log(1.2)) {
        const asWritten = Math.abs(Math.log((close[cell] * ratio) / prev));
        const inverted = Math.abs(Math.log(close[cell] / (ratio * prev)));
        if (inverted < 0.1 && asWritten > 2 * Math.abs(Math.log(ratio)) - 0.1) {
          throw new DataError('inverted-split', { file, line, column: 'split_ratio' }, `${asset} closed ${prev} → ${close[cell]} on ${date}, a move of ×${(close[cell] / prev).toFixed(3)}: the ratio ${ratio} looks like the price ratio; write new shares per old share (${(1 / ratio).toPrecision(3)})`);
        }
      }
      splits++;
    }
    if (dividend > 0) dividends++;
    factor[cell] = ratio * (1 + dividend / close[cell]);
    actions.push({ date, asset, splitRatio: ratio, dividend, line });
  }
  return { file, actions, factor, splits, dividends };
}

/** The last close of asset `i` before bar `t`, if any. */
function previousClose(close: Float64Array, n: number, i: number, t: number): number | undefined {
  for (let s = t - 1; s >= 0; s--) if (!Number.isNaN(close[s * n + i])) return close[s * n + i];
  return undefined;
}

/**
 * Closes carried forward through the actions up to each bar: `close × Π factor`
 * over the asset's actions on or before that bar. Its bar-to-bar ratios are the
 * total returns, and each value uses only actions already past, so it is
 * known at its own close (nothing earlier is rescaled).
 */
export function closesThroughActions(close: Float64Array, n: number, actions: CorporateActions): Float64Array {
  const out = new Float64Array(close.length);
  const cumulative = new Float64Array(n).fill(1);
  for (let cell = 0; cell < close.length; cell++) {
    const i = cell % n;
    cumulative[i] *= actions.factor[cell];
    out[cell] = close[cell] * cumulative[i];
  }
  return out;
}
