import { DataError } from '../core/errors.js';
import { excerpt, splitCells, splitHeader, type CellSpans } from './csv-cells.js';
import { readLines } from './read-lines.js';

/** A CSV file split into a header and data lines, with 1-based line numbers kept. */
export interface CsvText {
  readonly file: string;
  readonly header: readonly string[];
  /** Data lines (blank lines skipped), each with its 1-based line number. */
  readonly rows: ReadonlyArray<{ readonly line: number; readonly cells: readonly string[] }>;
}

/**
 * Read a comma-separated file with a header line, as `readLines` reads text
 * (gzip, BOM, CRLF or lone CR) and `splitCells` splits it (RFC 4180 quotes,
 * padded cells). Blank lines are skipped.
 * @throws DataError `file-unreadable`, `not-text`, `empty-file`, `wrong-delimiter`, `bad-row`, `bad-quote`
 */
export function readCsv(file: string): CsvText {
  let header: string[] | undefined;
  let spans: CellSpans = { starts: new Int32Array(0), ends: new Int32Array(0) };
  const rows: Array<{ line: number; cells: string[] }> = [];
  readLines(file, (raw, line) => {
    if (raw.trim() === '') return;
    if (header === undefined) {
      if (!raw.includes(',') && /[;\t|]/.test(raw)) {
        const found = raw.includes(';') ? 'semicolons' : raw.includes('\t') ? 'tabs' : 'pipes';
        throw new DataError('wrong-delimiter', { file, line }, `the header is separated by ${found}; expected commas`);
      }
      header = splitHeader(raw, file, line);
      spans = { starts: new Int32Array(header.length), ends: new Int32Array(header.length) };
      return;
    }
    const text = splitCells(raw, spans, header.length, file, line, header);
    rows.push({ line, cells: Array.from({ length: header.length }, (_, k) => text.slice(spans.starts[k], spans.ends[k])) });
  });
  if (header === undefined) throw new DataError('empty-file', { file }, 'the file is empty; expected a header line such as date,asset,close');
  return { file, header, rows };
}

const MISSING = new Set(['', 'na', 'nan', 'null', 'n/a']);

/** Whether a cell means "no value" (blank, `NA`, `NaN`, `null`, `n/a`). */
export const isMissingCell = (cell: string): boolean => MISSING.has(cell.trim().toLowerCase());

/** Whether a cell reads as a finite decimal number. */
export const isNumberCell = (cell: string): boolean => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cell.trim()) && Number.isFinite(Number(cell.trim()));

/**
 * Parse one numeric cell: empty, `NA`, `NaN` and `null` mean missing (`NaN`);
 * anything else must be a finite decimal number.
 * @throws DataError `not-a-number`
 */
export function parseNumberCell(cell: string, file: string, line: number, column: string): number {
  const trimmed = cell.trim();
  if (MISSING.has(trimmed.toLowerCase())) return NaN;
  const value = Number(trimmed);
  if (!Number.isFinite(value) || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(trimmed)) {
    throw new DataError('not-a-number', { file, line, column }, `'${excerpt(trimmed)}' is not a finite number`);
  }
  return value;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Check an ISO `yyyy-mm-dd` date (a real calendar day).
 * @throws DataError `bad-date`
 */
export function parseDateCell(cell: string, file: string, line: number, column: string): string {
  const trimmed = cell.trim();
  const m = ISO_DATE.exec(trimmed);
  if (m !== null) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const probe = new Date(Date.UTC(y, mo - 1, d));
    if (probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d) return trimmed;
  }
  throw new DataError('bad-date', { file, line, column }, `'${excerpt(trimmed)}' is not a date in yyyy-mm-dd form`);
}
