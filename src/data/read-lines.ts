import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { DataError } from '../core/errors.js';

const CHUNK_BYTES = 1 << 20;

/**
 * Stream a text file line by line (1 MiB reads; the file is never held whole):
 * `onLine(text, lineNumber)` for every line, 1-based, without its `\n` or
 * `\r\n`; a leading byte-order mark is dropped. `onChunk` sees the raw bytes
 * (to hash them on the way).
 * @throws DataError `file-unreadable`
 */
export function readLines(file: string, onLine: (text: string, line: number) => void, onChunk?: (bytes: Buffer) => void): void {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(err);
    throw new DataError('file-unreadable', { file }, reason);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let line = 0;
    let first = true;
    const emit = (text: string): void => {
      line++;
      onLine(text.endsWith('\r') ? text.slice(0, -1) : text, line);
    };
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      onChunk?.(buffer.subarray(0, read));
      let text = carry + decoder.write(buffer.subarray(0, read));
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      let from = 0;
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', from)) {
        emit(text.slice(from, at));
        from = at + 1;
      }
      carry = text.slice(from);
    }
    carry += decoder.end();
    if (carry !== '') emit(carry);
  } finally {
    closeSync(fd);
  }
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
