import { readFileSync } from 'node:fs';
import { DataError } from '../core/errors.js';

/** A CSV file split into a header and data lines, with 1-based line numbers kept. */
export interface CsvText {
  readonly file: string;
  readonly header: readonly string[];
  /** Data lines (blank lines skipped), each with its 1-based line number. */
  readonly rows: ReadonlyArray<{ readonly line: number; readonly cells: readonly string[] }>;
}

/**
 * Read a comma-separated file with a header line. Quoted fields are not
 * supported (factorlab's formats never need commas inside a value).
 * @throws DataError `empty-file`, `wrong-delimiter`, `bad-row`, `quoted-field`
 */
export function readCsv(file: string): CsvText {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err);
    throw new DataError('file-unreadable', { file }, reason);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  let headerLine = 0;
  while (headerLine < lines.length && lines[headerLine].trim() === '') headerLine++;
  if (headerLine === lines.length) {
    throw new DataError('empty-file', { file }, 'the file is empty; expected a header line such as date,asset,close');
  }
  const headerText = lines[headerLine];
  if (!headerText.includes(',') && /[;\t|]/.test(headerText)) {
    const found = headerText.includes(';') ? 'semicolons' : headerText.includes('\t') ? 'tabs' : 'pipes';
    throw new DataError('wrong-delimiter', { file, line: headerLine + 1 }, `the header is separated by ${found}; expected commas`);
  }
  const header = headerText.split(',').map((h) => h.trim());
  const rows: Array<{ line: number; cells: string[] }> = [];
  for (let i = headerLine + 1; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '') continue;
    if (raw.includes('"')) {
      throw new DataError('quoted-field', { file, line: i + 1 }, 'quoted fields are not supported; remove the quotes');
    }
    const cells = raw.split(',');
    if (cells.length !== header.length) {
      throw new DataError(
        'bad-row',
        { file, line: i + 1 },
        `expected ${header.length} comma-separated values (${header.join(',')}), found ${cells.length}`,
      );
    }
    rows.push({ line: i + 1, cells });
  }
  return { file, header, rows };
}

const MISSING = new Set(['', 'na', 'nan', 'null', 'n/a']);

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
    throw new DataError('not-a-number', { file, line, column }, `'${trimmed}' is not a finite number`);
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
  throw new DataError('bad-date', { file, line, column }, `'${trimmed}' is not a date in yyyy-mm-dd form`);
}
