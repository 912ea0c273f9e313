import { DataError } from '../core/errors.js';
import { headerExcerpt } from './csv-cells.js';
import { SeriesSet } from '../core/panel.js';
import { parseDateCell, parseNumberCell, readCsv } from './csv-lines.js';

/**
 * Load a series CSV (`date,<name>...`, one row per date, strictly increasing
 * dates). Each date must be the day the values became known, not the period
 * they describe: a June inflation print released on 2024-07-11 is stamped
 * 2024-07-11. Empty cells are missing.
 *
 * @example
 * const series = loadSeriesCsv('data/sample/series.csv');
 * series.get('rate_change'); // Float64Array aligned with series.dates
 * @throws DataError `missing-column`, `bad-date`, `unsorted-dates`, `duplicate-date`, `not-a-number`, `no-rows`
 */
export function loadSeriesCsv(file: string): SeriesSet {
  const csv = readCsv(file);
  if (csv.header[0] !== 'date') {
    throw new DataError('missing-column', { file, line: 1, column: 'date' }, `the first column must be 'date' (header: ${headerExcerpt(csv.header)})`);
  }
  const names = csv.header.slice(1);
  if (names.length === 0) throw new DataError('missing-column', { file, line: 1 }, 'expected at least one series column after date');
  const seen = new Set<string>();
  for (const name of names) {
    if (name === '' || seen.has(name)) {
      throw new DataError('duplicate-column', { file, line: 1, column: name }, 'series names must be non-empty and unique');
    }
    seen.add(name);
  }
  if (csv.rows.length === 0) throw new DataError('no-rows', { file, line: 2 }, 'the file has a header but no data rows');
  const dates: string[] = [];
  const arrays = names.map(() => new Float64Array(csv.rows.length));
  csv.rows.forEach(({ line, cells }, r) => {
    const date = parseDateCell(cells[0], file, line, 'date');
    const prev = dates[r - 1];
    if (prev !== undefined && date === prev) {
      throw new DataError('duplicate-date', { file, line, column: 'date' }, `${date} appears twice`);
    }
    if (prev !== undefined && date < prev) {
      throw new DataError('unsorted-dates', { file, line, column: 'date' }, `${date} comes after ${prev}; dates must increase`);
    }
    dates.push(date);
    names.forEach((name, k) => {
      arrays[k][r] = parseNumberCell(cells[k + 1], file, line, name);
    });
  });
  return new SeriesSet(dates, new Map(names.map((name, k) => [name, arrays[k]])));
}
