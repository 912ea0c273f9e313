import { readdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { DataError } from '../core/errors.js';
import { Panel } from '../core/panel.js';
import { headerExcerpt } from './csv-cells.js';
import { parseDateCell, parseNumberCell, readCsv } from './csv-lines.js';

/** A panel read from one of the vendor layouts, the files it read, and what the reader chose. */
export interface LayoutPanel {
  readonly panel: Panel;
  readonly files: readonly string[];
  readonly notices: readonly string[];
}

/** Cells of one asset-date, by field, while a panel is assembled from rows in any order. */
type Rows = Map<string, Map<string, Map<string, number>>>;

function assemble(rows: Rows, fields: readonly string[]): Panel {
  const dates = [...new Set([...rows.values()].flatMap((byDate) => [...byDate.keys()]))].sort();
  const assets = [...rows.keys()].sort();
  const index = new Map(dates.map((d, t) => [d, t]));
  const n = assets.length;
  const values = new Map(fields.map((f) => [f, new Float64Array(dates.length * n).fill(NaN)]));
  assets.forEach((asset, i) => {
    for (const [date, cells] of rows.get(asset) ?? []) {
      const t = index.get(date) as number;
      for (const [field, v] of cells) (values.get(field) as Float64Array)[t * n + i] = v;
    }
  });
  return new Panel(dates, assets, values);
}

/**
 * A wide file: `date,<asset1>,<asset2>,…`, one row per date, each cell the
 * asset's close (or, with `field: 'return'`, its return as a fraction).
 * @throws DataError `missing-column`, `duplicate-column`, `bad-date`, `duplicate-date`, `not-a-number`, `no-rows`
 */
export function loadWideCsv(file: string, field: 'close' | 'return'): Panel {
  const csv = readCsv(file);
  if (csv.header[0].toLowerCase() !== 'date') throw new DataError('missing-column', { file, line: 1, column: 'date' }, `a wide file starts with a date column, then one column per asset (header: ${headerExcerpt(csv.header)})`);
  const assets = csv.header.slice(1);
  const seen = new Set<string>();
  for (const a of assets) {
    if (a === '' || seen.has(a)) throw new DataError('duplicate-column', { file, line: 1, column: a }, 'asset columns must be named and unique');
    seen.add(a);
  }
  if (csv.rows.length === 0) throw new DataError('no-rows', { file, line: 2 }, 'the file has a header but no data rows');
  const rows: Rows = new Map(assets.map((a) => [a, new Map()]));
  const dates = new Set<string>();
  for (const { line, cells } of csv.rows) {
    const date = parseDateCell(cells[0], file, line, csv.header[0]);
    if (dates.has(date)) throw new DataError('duplicate-date', { file, line, column: csv.header[0] }, `${date} appears twice`);
    dates.add(date);
    assets.forEach((asset, k) => {
      const v = parseNumberCell(cells[k + 1], file, line, asset);
      if (!Number.isNaN(v)) (rows.get(asset) as Map<string, Map<string, number>>).set(date, new Map([[field, v]]));
    });
  }
  return assemble(rows, [field]);
}

/** Column names vendors use, lower-cased, for each panel field, in order of preference. */
const OHLCV_COLUMNS: ReadonlyArray<readonly [field: string, names: readonly string[]]> = [
  ['close', ['adj close', 'adj_close', 'adjusted_close', 'adjclose', 'close']],
  ['volume', ['volume']],
];
/** With `actions.csv` the close must be as traded, and the file's actions adjust the returns. */
const TRADED_COLUMNS: ReadonlyArray<readonly [field: string, names: readonly string[]]> = [
  ['close', ['close']],
  ['volume', ['volume']],
];
const DATE_COLUMNS = ['date', 'timestamp', 'time', 'datetime'];

/**
 * A folder of one CSV file per asset (Yahoo-style `Date,Open,High,Low,Close,Adj
 * Close,Volume`, or exchange OHLCV exports), the asset id taken from the file
 * name. The close is `Adj Close` when the file has one (split- and
 * dividend-adjusted, so returns include them; back-adjusted levels are not the
 * prices traded then), else `Close`; with `tradedClose` (a folder with
 * `actions.csv`, which adjusts the returns itself) always `Close`, which must
 * then be as traded. `Volume` becomes volume. Files named
 * series.csv, actions.csv, funding.csv or book.csv are not assets.
 * @throws DataError naming the file, line and column
 */
export function loadTickerFolder(dir: string, options: { readonly tradedClose?: boolean } = {}): LayoutPanel {
  const files = readdirSync(dir)
    .filter((f) => ['.csv', '.gz'].includes(extname(f).toLowerCase()) && !['series.csv', 'actions.csv', 'funding.csv', 'book.csv'].includes(f.toLowerCase()))
    .sort();
  if (files.length === 0) throw new DataError('file-unreadable', { file: dir }, 'the folder has no prices.csv and no per-asset .csv files');
  const rows: Rows = new Map();
  const used = new Map<string, string>();
  for (const name of files) {
    const file = join(dir, name);
    const asset = basename(basename(name, extname(name)), '.csv');
    const csv = readCsv(file);
    const lower = csv.header.map((h) => h.toLowerCase());
    const dateCol = lower.findIndex((h) => DATE_COLUMNS.includes(h));
    if (dateCol < 0) throw new DataError('missing-column', { file, line: 1, column: 'Date' }, `a per-asset file needs a date column (Date, timestamp; header: ${headerExcerpt(csv.header)})`);
    const cols = (options.tradedClose === true ? TRADED_COLUMNS : OHLCV_COLUMNS).flatMap(([field, names]) => {
      const c = names.map((x) => lower.indexOf(x)).find((k) => k >= 0);
      return c === undefined ? [] : [{ field, c }];
    });
    const closeCol = cols.find((x) => x.field === 'close');
    if (closeCol === undefined) throw new DataError('missing-column', { file, line: 1, column: 'Close' }, `a per-asset file needs a Close or Adj Close column (header: ${headerExcerpt(csv.header)})`);
    used.set(csv.header[closeCol.c], (used.get(csv.header[closeCol.c]) ?? '') + `${used.has(csv.header[closeCol.c]) ? ', ' : ''}${asset}`);
    const byDate = new Map<string, Map<string, number>>();
    for (const { line, cells } of csv.rows) {
      const date = parseDateCell(cells[dateCol].slice(0, 10), file, line, csv.header[dateCol]);
      if (byDate.has(date)) throw new DataError('duplicate-row', { file, line, column: csv.header[dateCol] }, `${date} appears twice`);
      byDate.set(date, new Map(cols.map(({ field, c }) => [field, parseNumberCell(cells[c], file, line, csv.header[c])])));
    }
    rows.set(asset, byDate);
  }
  const fields = [...new Set([...rows.values()].flatMap((byDate) => [...byDate.values()].flatMap((cells) => [...cells.keys()])))];
  const notices = [...used].map(([column, assets]) => `${dir}: close taken from '${column}' for ${assets.split(', ').length} asset(s)${/adj/i.test(column) ? ' (split- and dividend-adjusted: returns include them; levels before the last adjustment are not the prices traded then)' : options.tradedClose === true ? ' (as traded: actions.csv adjusts the returns; a Close that is already split-adjusted, as Yahoo\'s is, must not have its splits in actions.csv)' : ''}`);
  return { panel: assemble(rows, fields.includes('close') ? fields : ['close', ...fields]), files: files.map((f) => join(dir, f)), notices };
}

/**
 * Returns instead of prices: a `close` index compounded from each asset's
 * returns (1 on the bar of its first return, which runs from a bar the data
 * does not have and is not used), so every check and factor that reads closes
 * works; the returns the engine derives from it are the file's own from each
 * asset's second return on (to rounding), and a missing return leaves that
 * bar's close missing.
 */
export function closesFromReturns(panel: Panel): Panel {
  const ret = panel.field('return');
  const n = panel.assets.length;
  const T = panel.dates.length;
  const close = new Float64Array(T * n).fill(NaN);
  for (let i = 0; i < n; i++) {
    let level = NaN;
    for (let t = 0; t < T; t++) {
      const r = ret[t * n + i];
      if (Number.isNaN(r)) continue;
      level = Number.isNaN(level) ? 1 : level * (1 + r);
      close[t * n + i] = level;
    }
  }
  const fields = panel.fieldMap();
  fields.delete('return');
  fields.set('close', close);
  return panel.withFields(fields);
}
