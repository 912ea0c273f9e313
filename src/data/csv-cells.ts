import { DataError } from '../core/errors.js';

/** Longest excerpt of a file's text a message quotes. */
const EXCERPT_CHARS = 60;

/** `text` as a message may quote it: at most 60 characters, with `…` and the full length when cut. */
export function excerpt(text: string): string {
  return text.length <= EXCERPT_CHARS ? text : `${text.slice(0, EXCERPT_CHARS)}… (${text.length} characters)`;
}

/** A header, as a message may quote it. */
export function headerExcerpt(header: readonly string[]): string {
  return excerpt(header.join(','));
}

/** Where each cell of a line starts and ends (`ends[c]` exclusive, spaces trimmed), in the text `splitCells` returns. */
export interface CellSpans {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

const isPad = (c: number): boolean => c === 32 || c === 9;

/**
 * Split one CSV line into `expected` cells, per RFC 4180 as R, pandas and
 * Excel write it: a cell may be quoted (`"Berkshire, Inc."`, `""` for a quote
 * inside), and spaces around a cell are not part of it. Returns the text the
 * spans index: the line itself when it has no quotes (the fast path), else the
 * unquoted cells laid end to end.
 * @throws DataError `bad-row` (wrong cell count), `bad-quote` (a quote left open or text after a closing quote)
 */
export function splitCells(text: string, spans: CellSpans, expected: number, file: string, line: number, header?: readonly string[]): string {
  if (text.indexOf('"') >= 0) return splitQuoted(text, spans, expected, file, line, header);
  let count = 0;
  let from = 0;
  for (;;) {
    const at = text.indexOf(',', from);
    const end = at < 0 ? text.length : at;
    if (count < expected) {
      let s = from;
      let e = end;
      while (s < e && isPad(text.charCodeAt(s))) s++;
      while (e > s && isPad(text.charCodeAt(e - 1))) e--;
      spans.starts[count] = s;
      spans.ends[count] = e;
    }
    count++;
    if (at < 0) break;
    from = at + 1;
  }
  if (count !== expected) throw badRow(count, expected, file, line, header);
  return text;
}

function splitQuoted(text: string, spans: CellSpans, expected: number, file: string, line: number, header?: readonly string[]): string {
  let out = '';
  let count = 0;
  let i = 0;
  const n = text.length;
  for (;;) {
    while (i < n && isPad(text.charCodeAt(i))) i++;
    let cell = '';
    if (i < n && text.charCodeAt(i) === 34) {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new DataError('bad-quote', { file, line }, `a quoted cell is not closed (cell ${count + 1}); a quoted field may not span lines`);
        cell += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      while (i < n && isPad(text.charCodeAt(i))) i++;
      if (i < n && text.charCodeAt(i) !== 44) throw new DataError('bad-quote', { file, line }, `text after the closing quote of cell ${count + 1}: ${excerpt(text.slice(i))}`);
    } else {
      const at = text.indexOf(',', i);
      const end = at < 0 ? n : at;
      const raw = text.slice(i, end);
      if (raw.includes('"')) throw new DataError('bad-quote', { file, line }, `a quote inside unquoted cell ${count + 1} (${excerpt(raw.trim())}); quote the whole cell and double the quote`);
      cell = raw.trimEnd();
      i = end;
    }
    if (count < expected) {
      spans.starts[count] = out.length;
      out += cell;
      spans.ends[count] = out.length;
    }
    count++;
    if (i >= n) break;
    i++; // the comma
  }
  if (count !== expected) throw badRow(count, expected, file, line, header);
  return out;
}

function badRow(count: number, expected: number, file: string, line: number, header?: readonly string[]): DataError {
  return new DataError('bad-row', { file, line }, `expected ${expected} comma-separated values${header === undefined ? '' : ` (${headerExcerpt(header)})`}, found ${count}`);
}

/** The cells of a header line, unquoted and trimmed. */
export function splitHeader(text: string, file: string, line: number): string[] {
  let count = 1;
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuote = !inQuote;
    else if (c === 44 && !inQuote) count++;
  }
  const spans = { starts: new Int32Array(count), ends: new Int32Array(count) };
  const cells = splitCells(text, spans, count, file, line);
  return Array.from({ length: count }, (_, k) => cells.slice(spans.starts[k], spans.ends[k]));
}
