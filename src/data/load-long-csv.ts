import { DataError } from '../core/errors.js';
import { Labels, Panel } from '../core/panel.js';
import { splitCells, splitHeader, headerExcerpt, type CellSpans } from './csv-cells.js';
import { isMissingCell, isNumberCell, parseDateCell, parseNumberCell } from './csv-lines.js';
import { parseDecimalFast, readLines } from './read-lines.js';

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
 * Columns that are categorical whatever their cells look like (a GICS code
 * such as 4510 is a label, not a number). Any other column is categorical
 * when its first non-missing cell is not a number.
 */
/** Columns that are numeric whatever they hold: text in them is an error, not a label. */
const NUMBER_COLUMNS = new Set(['close', 'open', 'high', 'low', 'adj_close', 'volume', 'market_cap', 'funding_rate', 'delisting_return', 'return', 'return_pct']);
export const LABEL_COLUMNS = new Set(['sector', 'industry', 'industry_group', 'sub_industry', 'gics_sector', 'gics_industry', 'country', 'exchange', 'currency', 'region', 'group']);

/**
 * Read the header line: delimiter, duplicate and required columns.
 * @throws DataError `wrong-delimiter`, `duplicate-column`, `missing-column`
 */
function readHeader(text: string, file: string, line: number, required: readonly string[]): string[] {
  if (!text.includes(',') && /[;\t|]/.test(text)) {
    const found = text.includes(';') ? 'semicolons' : text.includes('\t') ? 'tabs' : 'pipes';
    throw new DataError('wrong-delimiter', { file, line }, `the header is separated by ${found}; expected commas`);
  }
  const header = splitHeader(text, file, line);
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new DataError('duplicate-column', { file, line, column: name }, 'the column appears twice');
    seen.add(name);
  }
  for (const name of required) {
    if (!seen.has(name)) throw new DataError('missing-column', { file, line, column: name }, `required column is missing (header: ${headerExcerpt(header)})`);
  }
  return header;
}

/** Whether `text[start, end)` is `value`, without making a string (most rows repeat the previous row's date). */
const sameCell = (text: string, start: number, end: number, value: string): boolean => end - start === value.length && text.startsWith(value, start);

const isBlank = (text: string): boolean => text.length === 0 || text.trim() === '';

/**
 * Load a long CSV (`date,asset,<field>...`, one row per asset-day, rows sorted by
 * date) into a Panel. Every other column becomes a numeric field, or a
 * categorical one (labels such as sector or exchange: a column named in
 * `LABEL_COLUMNS`, or one whose first non-missing cell is not a number);
 * empty cells are missing values. Cells may be quoted (RFC 4180) and padded with spaces;
 * the file may be gzip-compressed, start with a BOM, and end lines with CRLF
 * or a lone CR.
 *
 * The file is streamed twice, 1 MiB at a time, and never held whole: the first
 * pass checks every row's shape, date and asset and collects the dates and
 * assets; the second parses the numbers straight into the panel's typed arrays
 * (plain decimals by an exact fast path, anything else by `Number` with the
 * full checks). Memory is the panel plus a chunk.
 *
 * @example
 * const panel = loadLongCsv('data/sample/prices.csv');
 * panel.field('close'); // Float64Array, dates × assets
 * @param onChunk sees the file's bytes once (first pass), e.g. to hash them
 * @throws DataError with the file, line and column: `file-unreadable`, `empty-file`,
 *   `not-text`, `wrong-delimiter`, `bad-quote`, `bad-row`, `file-changed`, `missing-column`,
 *   `duplicate-column`, `bad-date`, `unsorted-dates`, `duplicate-row`, `empty-asset`,
 *   `not-a-number`, `non-positive-value`, `negative-value`, `no-rows`
 */
export function loadLongCsv(file: string, options: LoadLongCsvOptions = {}, onChunk?: (bytes: Buffer) => void): Panel {
  const required = ['date', 'asset', ...(options.requiredFields ?? ['close'])];
  let header: string[] | undefined;
  let cells: CellSpans = { starts: new Int32Array(0), ends: new Int32Array(0) };
  let dateCol = -1;
  let assetCol = -1;
  const dates: string[] = [];
  const assetSet = new Set<string>();
  let rows = 0;
  let lastDate = '';
  /** Per column: undefined until its first non-missing cell says numeric (false) or categorical (true). */
  let categorical: Array<boolean | undefined> = [];
  let undecided = 0;
  readLines(
    file,
    (raw, line) => {
      let text = raw;
      if (isBlank(text)) return;
      if (header === undefined) {
        header = readHeader(text, file, line, required);
        cells = { starts: new Int32Array(header.length), ends: new Int32Array(header.length) };
        dateCol = header.indexOf('date');
        assetCol = header.indexOf('asset');
        categorical = header.map((name, c) => (c === dateCol || c === assetCol || required.includes(name) || NUMBER_COLUMNS.has(name) ? false : LABEL_COLUMNS.has(name.toLowerCase()) ? true : undefined));
        undecided = categorical.filter((k) => k === undefined).length;
        return;
      }
      text = splitCells(text, cells, header.length, file, line, header);
      const dateStart = cells.starts[dateCol];
      const dateEnd = cells.ends[dateCol];
      if (!sameCell(text, dateStart, dateEnd, lastDate)) {
        const date = parseDateCell(text.slice(dateStart, dateEnd), file, line, 'date');
        if (date < lastDate) throw new DataError('unsorted-dates', { file, line, column: 'date' }, `${date} comes after ${lastDate}; rows must be sorted by date`);
        if (date !== lastDate) dates.push(date);
        lastDate = date;
      }
      const asset = text.slice(cells.starts[assetCol], cells.ends[assetCol]);
      if (asset === '') throw new DataError('empty-asset', { file, line, column: 'asset' }, 'the asset id is empty');
      assetSet.add(asset);
      rows++;
      for (let c = 0; undecided > 0 && c < categorical.length; c++) {
        if (categorical[c] !== undefined) continue;
        const cell = text.slice(cells.starts[c], cells.ends[c]);
        if (isMissingCell(cell)) continue;
        categorical[c] = !isNumberCell(cell);
        undecided--;
      }
    },
    onChunk,
  );
  if (header === undefined) throw new DataError('empty-file', { file }, 'the file is empty; expected a header line such as date,asset,close');
  if (rows === 0) throw new DataError('no-rows', { file, line: 2 }, 'the file has a header but no data rows');
  const names = header;
  const fieldCols = names.map((name, c) => ({ name, c })).filter(({ c }) => c !== dateCol && c !== assetCol && categorical[c] !== true);
  const labelCols = names.map((name, c) => ({ name, c, codes: new Int32Array(0), index: new Map<string, number>() })).filter(({ c }) => categorical[c] === true);
  const assets = [...assetSet].sort();
  const assetIndex = new Map(assets.map((a, i) => [a, i]));
  const n = assets.length;
  const columns = fieldCols.map(({ name, c }) => ({ name, c, values: new Float64Array(dates.length * n).fill(NaN), positive: POSITIVE_FIELDS.has(name), nonNegative: NON_NEGATIVE_FIELDS.has(name) }));
  const filled = new Uint8Array(dates.length * n);
  for (const l of labelCols) l.codes = new Int32Array(dates.length * n).fill(-1);
  let seenHeader = false;
  let dateIndex = -1;
  lastDate = '';
  readLines(file, (raw, line) => {
    let text = raw;
    if (isBlank(text)) return;
    if (!seenHeader) {
      seenHeader = true;
      return;
    }
    text = splitCells(text, cells, names.length, file, line, names);
    const dateStart = cells.starts[dateCol];
    const dateEnd = cells.ends[dateCol];
    if (!sameCell(text, dateStart, dateEnd, lastDate)) {
      lastDate = text.slice(dateStart, dateEnd);
      dateIndex++;
      while (dateIndex < dates.length && dates[dateIndex] !== lastDate) dateIndex++;
      if (dateIndex === dates.length) throw new DataError('file-changed', { file, line, column: 'date' }, 'the file changed while it was read (a date the first pass did not see); read it again when nothing is writing it');
    }
    const asset = text.slice(cells.starts[assetCol], cells.ends[assetCol]);
    const i = assetIndex.get(asset);
    if (i === undefined) throw new DataError('file-changed', { file, line, column: 'asset' }, 'the file changed while it was read (an asset the first pass did not see); read it again when nothing is writing it');
    const cell = dateIndex * n + i;
    if (filled[cell] === 1) throw new DataError('duplicate-row', { file, line, column: 'asset' }, `a second row for ${asset} on ${dates[dateIndex]}`);
    filled[cell] = 1;
    for (const column of columns) {
      const v = parseDecimalFast(text, cells.starts[column.c], cells.ends[column.c]) ?? parseNumberCell(text.slice(cells.starts[column.c], cells.ends[column.c]), file, line, column.name);
      if (column.positive && v <= 0) throw new DataError('non-positive-value', { file, line, column: column.name }, `${v} must be greater than 0`);
      if (column.nonNegative && v < 0) throw new DataError('negative-value', { file, line, column: column.name }, `${v} must not be negative`);
      column.values[cell] = v;
    }
    for (const l of labelCols) {
      const label = text.slice(cells.starts[l.c], cells.ends[l.c]).trim();
      if (isMissingCell(label)) continue;
      let code = l.index.get(label);
      if (code === undefined) {
        code = l.index.size;
        l.index.set(label, code);
      }
      l.codes[cell] = code;
    }
  });
  const labels = new Map(labelCols.map((l) => [l.name, new Labels([...l.index.keys()], l.codes)]));
  return new Panel(dates, assets, new Map(columns.map((c) => [c.name, c.values])), labels);
}
