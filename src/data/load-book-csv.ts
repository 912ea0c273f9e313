import { DataError } from '../core/errors.js';
import { excerpt, headerExcerpt } from './csv-cells.js';
import { parseNumberCell, readCsv } from './csv-lines.js';

/**
 * Load a book (`asset,weight`, one row per position, weights as fractions of
 * NAV) aligned with `assets`: weight 0 for assets not listed.
 * @throws DataError naming the file, line and column: `missing-column`,
 *   `unknown-asset`, `duplicate-row`, `not-a-number`
 */
export function loadBookCsv(file: string, assets: readonly string[]): Float64Array {
  const csv = readCsv(file);
  for (const column of ['asset', 'weight']) {
    if (!csv.header.includes(column)) throw new DataError('missing-column', { file, line: 1, column }, `required column is missing (header: ${headerExcerpt(csv.header)}); a book is asset,weight`);
  }
  const assetCol = csv.header.indexOf('asset');
  const weightCol = csv.header.indexOf('weight');
  const index = new Map(assets.map((a, i) => [a, i]));
  const book = new Float64Array(assets.length);
  const seen = new Set<string>();
  for (const { line, cells } of csv.rows) {
    const asset = cells[assetCol].trim();
    const i = index.get(asset);
    if (i === undefined) throw new DataError('unknown-asset', { file, line, column: 'asset' }, `'${excerpt(asset)}' is not an asset of the market`);
    if (seen.has(asset)) throw new DataError('duplicate-row', { file, line, column: 'asset' }, `a second row for ${asset}`);
    seen.add(asset);
    book[i] = parseNumberCell(cells[weightCol], file, line, 'weight');
  }
  return book;
}
