import { DataError } from '../core/errors.js';
import { Panel } from '../core/panel.js';
import { parseDateCell, parseNumberCell, readCsv } from './csv-lines.js';

export interface LoadLongCsvOptions {
  /** Columns that must be present besides `date` and `asset` (default `['close']`). */
  readonly requiredFields?: readonly string[];
}

/**
 * Fields that must be strictly positive where present. A non-positive close is
 * a data-quality finding (`nonPositivePrice`) with its own policy, not a format error.
 */
const POSITIVE_FIELDS = new Set(['market_cap']);
/** Fields that must not be negative where present. */
const NON_NEGATIVE_FIELDS = new Set(['volume']);

/**
 * Load a long CSV (`date,asset,<field>...`, one row per asset-day, rows sorted by
 * date) into a Panel. Every other column becomes a numeric field; empty cells
 * are missing values.
 *
 * @example
 * const panel = loadLongCsv('data/sample/prices.csv');
 * panel.field('close'); // Float64Array, dates × assets
 * @throws DataError with the file, line and column: `missing-column`,
 *   `duplicate-column`, `bad-date`, `unsorted-dates`, `duplicate-row`, `empty-asset`,
 *   `not-a-number`, `non-positive-value`, `negative-value`, `no-rows`
 */
export function loadLongCsv(file: string, options: LoadLongCsvOptions = {}): Panel {
  const csv = readCsv(file);
  const header = csv.header;
  const seen = new Set<string>();
  header.forEach((name) => {
    if (seen.has(name)) throw new DataError('duplicate-column', { file, line: 1, column: name }, 'the column appears twice');
    seen.add(name);
  });
  const required = ['date', 'asset', ...(options.requiredFields ?? ['close'])];
  for (const name of required) {
    if (!seen.has(name)) {
      throw new DataError('missing-column', { file, line: 1, column: name }, `required column is missing (header: ${header.join(',')})`);
    }
  }
  const dateCol = header.indexOf('date');
  const assetCol = header.indexOf('asset');
  const fieldCols = header.map((name, c) => ({ name, c })).filter(({ c }) => c !== dateCol && c !== assetCol);
  if (csv.rows.length === 0) throw new DataError('no-rows', { file, line: 2 }, 'the file has a header but no data rows');

  const dates: string[] = [];
  const assetSet = new Set<string>();
  const rowDateIndex = new Int32Array(csv.rows.length);
  for (let r = 0; r < csv.rows.length; r++) {
    const { line, cells } = csv.rows[r];
    const date = parseDateCell(cells[dateCol], file, line, 'date');
    const last = dates.length === 0 ? '' : dates[dates.length - 1];
    if (date < last) {
      throw new DataError('unsorted-dates', { file, line, column: 'date' }, `${date} comes after ${last}; rows must be sorted by date`);
    }
    if (date !== last) dates.push(date);
    rowDateIndex[r] = dates.length - 1;
    const asset = cells[assetCol].trim();
    if (asset === '') throw new DataError('empty-asset', { file, line, column: 'asset' }, 'the asset id is empty');
    assetSet.add(asset);
  }
  const assets = [...assetSet].sort();
  const assetIndex = new Map(assets.map((a, i) => [a, i]));
  const n = assets.length;
  const values = new Map<string, Float64Array>();
  for (const { name } of fieldCols) values.set(name, new Float64Array(dates.length * n).fill(NaN));
  const filled = new Uint8Array(dates.length * n);
  for (let r = 0; r < csv.rows.length; r++) {
    const { line, cells } = csv.rows[r];
    const asset = cells[assetCol].trim();
    const cell = rowDateIndex[r] * n + (assetIndex.get(asset) as number);
    if (filled[cell] === 1) {
      throw new DataError('duplicate-row', { file, line, column: 'asset' }, `a second row for ${asset} on ${dates[rowDateIndex[r]]}`);
    }
    filled[cell] = 1;
    for (const { name, c } of fieldCols) {
      const v = parseNumberCell(cells[c], file, line, name);
      if (POSITIVE_FIELDS.has(name) && v <= 0) {
        throw new DataError('non-positive-value', { file, line, column: name }, `${v} must be greater than 0`);
      }
      if (NON_NEGATIVE_FIELDS.has(name) && v < 0) {
        throw new DataError('negative-value', { file, line, column: name }, `${v} must not be negative`);
      }
      (values.get(name) as Float64Array)[cell] = v;
    }
  }
  return new Panel(dates, assets, values);
}
