import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../core/errors.js';

const CHUNK_BYTES = 1 << 20;

/**
 * What the first bytes of a file say it is when it is not UTF-8 text a CSV
 * loader can read, or undefined. Gzip is read (see `readLines`), so it is not
 * refused here.
 */
export function notTextReason(head: Buffer): string | undefined {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return 'the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8 CSV';
  }
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'the file is a ZIP archive (an .xlsx workbook?), not CSV text; export the sheet as CSV (UTF-8)';
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') return 'the file is a SQLite database, not CSV text';
  const nul = head.indexOf(0);
  if (nul >= 0) return `the file is binary, not CSV text (a NUL byte at offset ${nul}); if it is UTF-16, save it as UTF-8`;
  return undefined;
}

/**
 * Stream a text file line by line (1 MiB reads; a plain file is never held
 * whole): `onLine(text, lineNumber)` for every line, 1-based, without its line
 * ending. Line endings may be `\n`, `\r\n` or a lone `\r` (old Mac exports,
 * decided from the first chunk). A leading byte-order mark is dropped. A gzip
 * file (`1f 8b`) is decompressed whole in memory and read the same way.
 * `onChunk` sees the file's raw bytes (to hash them on the way).
 * @throws DataError `file-unreadable`, `not-text` (UTF-16, binary, a ZIP or SQLite file, bad gzip)
 */
export function readLines(file: string, onLine: (text: string, line: number) => void, onChunk?: (bytes: Buffer) => void): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : String(err);
    throw new DataError('file-unreadable', { file }, reason);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const first = readSync(fd, buffer, 0, CHUNK_BYTES, null);
    if (first >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) {
      const compressed = [Buffer.from(buffer.subarray(0, first))];
      for (let read = readSync(fd, buffer, 0, CHUNK_BYTES, null); read > 0; read = readSync(fd, buffer, 0, CHUNK_BYTES, null)) compressed.push(Buffer.from(buffer.subarray(0, read)));
      const whole = Buffer.concat(compressed);
      onChunk?.(whole);
      let text: Buffer;
      try {
        text = gunzipSync(whole);
      } catch (err) {
        throw new DataError('not-text', { file }, `the file starts like gzip but does not decompress (${(err as Error).message}); check the download`);
      }
      const reason = notTextReason(text.subarray(0, 4096));
      if (reason !== undefined) throw new DataError('not-text', { file }, `gzip-compressed, and inside: ${reason}`);
      splitChunks([text], onLine);
      return;
    }
    const reason = notTextReason(buffer.subarray(0, Math.min(first, 4096)));
    if (reason !== undefined) throw new DataError('not-text', { file }, reason);
    const chunks = function* (): Generator<Buffer> {
      if (first === 0) return;
      onChunk?.(buffer.subarray(0, first));
      yield buffer.subarray(0, first);
      for (let read = readSync(fd, buffer, 0, CHUNK_BYTES, null); read > 0; read = readSync(fd, buffer, 0, CHUNK_BYTES, null)) {
        onChunk?.(buffer.subarray(0, read));
        yield buffer.subarray(0, read);
      }
    };
    splitChunks(chunks(), onLine);
  } finally {
    closeSync(fd);
  }
}

/** Decode UTF-8 chunks and hand out their lines (the separator chosen from the first chunk). */
function splitChunks(chunks: Iterable<Buffer>, onLine: (text: string, line: number) => void): void {
  const decoder = new StringDecoder('utf8');
  let carry = '';
  let line = 0;
  let separator: string | undefined;
  const emit = (text: string): void => {
    line++;
    onLine(text.endsWith('\r') ? text.slice(0, -1) : text, line);
  };
  for (const chunk of chunks) {
    let text = carry + decoder.write(chunk);
    if (separator === undefined) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      separator = text.indexOf('\n') < 0 && text.indexOf('\r') >= 0 ? '\r' : '\n';
    }
    let from = 0;
    for (let at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, from)) {
      emit(text.slice(from, at));
      from = at + 1;
    }
    carry = text.slice(from);
  }
  carry += decoder.end();
  if (carry !== '') emit(carry);
}

/** Exact powers of ten (every one up to 1e22 is a double without rounding). */
const POWERS = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * Parse `text[from, to)` as a plain decimal (`-12.5`, `3e-4`, `.5`) when that
 * can be done exactly: at most 15 significant digits and a decimal exponent
 * within ±22, so the integer mantissa and the power of ten are exact doubles
 * and one multiplication or division rounds correctly: the result is the same
 * double `Number()` gives (Clinger's fast path). Returns `NaN` for an empty
 * cell and `undefined` for anything else (spaces, `NA`, more digits, bad text),
 * which the caller parses the slow way.
 */
export function parseDecimalFast(text: string, from: number, to: number): number | undefined {
  if (from === to) return NaN;
  let i = from;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 43) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let seen = false;
  while (i < to && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
    if (mantissa !== 0 || c !== 48) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
    }
    seen = true;
    i++;
  }
  if (i < to && text.charCodeAt(i) === 46) {
    i++;
    while (i < to && (c = text.charCodeAt(i)) >= 48 && c <= 57) {
      if (mantissa !== 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
      }
      scale--;
      seen = true;
      i++;
    }
  }
  if (!seen) return undefined;
  if (i < to && ((c = text.charCodeAt(i)) === 101 || c === 69)) {
    i++;
    let exponentNegative = false;
    c = text.charCodeAt(i);
    if (c === 45 || c === 43) {
      exponentNegative = c === 45;
      i++;
    }
    let exponent = 0;
    let exponentDigits = 0;
    while (i < to && (c = text.charCodeAt(i)) >= 48 && c <= 57 && exponentDigits < 4) {
      exponent = exponent * 10 + (c - 48);
      exponentDigits++;
      i++;
    }
    if (exponentDigits === 0) return undefined;
    scale += exponentNegative ? -exponent : exponent;
  }
  if (i !== to || digits > 15 || scale > 22 || scale < -22) return undefined;
  const value = scale >= 0 ? mantissa * POWERS[scale] : mantissa / POWERS[-scale];
  return negative ? -value : value;
}
