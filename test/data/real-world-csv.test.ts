import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { dataErrorOf } from '../helpers/data-error.js';
import { loadBookCsv } from '../../src/data/load-book-csv.js';
import { loadLongCsv } from '../../src/data/load-long-csv.js';
import { loadSeriesCsv } from '../../src/data/load-series-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'factorlab-realcsv-'));
let count = 0;
const file = (content: string | Buffer, name = `f${count++}.csv`): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** The reference panel every spelling below must load as: 2 dates × 2 assets. */
const PLAIN = 'date,asset,close,volume\n2021-01-01,A,10,100\n2021-01-01,B,20,200\n2021-01-02,A,11,\n2021-01-02,B,21,210\n';

function closes(path: string): { dates: readonly string[]; assets: readonly string[]; close: number[]; volume: number[] } {
  const p = loadLongCsv(path);
  return { dates: p.dates, assets: p.assets, close: Array.from(p.field('close')), volume: Array.from(p.field('volume')) };
}


describe('CSV as people write it', () => {
  const expected = closes(file(PLAIN));

  it.each([
    ['R write.csv (every cell and the header quoted)', '"date","asset","close","volume"\n"2021-01-01","A",10,100\n"2021-01-01","B",20,200\n"2021-01-02","A",11,NA\n"2021-01-02","B",21,210\n'],
    ['a UTF-8 byte-order mark (Excel "CSV UTF-8")', `\uFEFF${PLAIN}`],
    ['CRLF line endings (Windows)', PLAIN.replace(/\n/g, '\r\n')],
    ['lone CR line endings (old Mac exports)', PLAIN.replace(/\n/g, '\r')],
    ['cells padded with spaces (the rows that hung the loader)', 'date , asset , close , volume\n 2021-01-01 , A , 10 , 100\n 2021-01-01 , B , 20 , 200\n 2021-01-02 , A , 11 ,\n 2021-01-02 , B , 21 , 210\n'],
    ['quoted cells padded outside the quotes', 'date,asset,close,volume\n "2021-01-01" , "A" ,10,100\n2021-01-01,"B",20,200\n2021-01-02,A,11,""\n2021-01-02,B,"21",210\n'],
  ])('loads %s as the plain file', (_name, text) => {
    expect(closes(file(text))).toEqual(expected);
  });

  it('reads a gzip-compressed file, by its bytes, whatever its name', () => {
    expect(closes(file(gzipSync(Buffer.from(PLAIN)), 'prices.csv.gz'))).toEqual(expected);
    expect(closes(file(gzipSync(Buffer.from(PLAIN)), 'looks-plain.csv'))).toEqual(expected);
  });

  it('keeps commas and doubled quotes inside quoted asset ids', () => {
    const p = loadLongCsv(file('date,asset,close\n2021-01-01,"Berkshire Hathaway, Inc.",10\n2021-01-01,"The ""Big"" Fund",5\n'));
    expect(p.assets).toEqual(['Berkshire Hathaway, Inc.', 'The "Big" Fund']);
  });

  it('names what a non-text file is, without its bytes', () => {
    const cases: Array<[Buffer, RegExp]> = [
      [Buffer.from(`\uFEFF${PLAIN}`, 'utf16le'), /UTF-16 text .*save it as UTF-8/],
      [Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(40)]), /ZIP archive \(an \.xlsx workbook\?\)/],
      [Buffer.concat([Buffer.from('SQLite format 3\u0000'), Buffer.alloc(40)]), /a SQLite database, not CSV text/],
      [Buffer.from([0x64, 0x61, 0x00, 0x01, 0x02]), /binary, not CSV text \(a NUL byte at offset 2\)/],
      [Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]), /starts like gzip but does not decompress/],
    ];
    for (const [bytes, message] of cases) {
      const err = dataErrorOf(() => loadLongCsv(file(bytes)));
      expect(err.code).toBe('not-text');
      expect(err.message).toMatch(message);
      expect(err.message).not.toContain('\u0000');
      expect(err.message.length).toBeLessThan(200);
    }
  });

  it('quotes no more than a short excerpt of a line, however long', () => {
    const long = 'x'.repeat(5_000_000);
    for (const text of [`date,asset,close\n2021-01-01,A,${long}\n`, `${long}\n`, `date,asset,close\n${long},A,1\n`]) {
      const err = dataErrorOf(() => loadLongCsv(file(text)));
      expect(err.message.length).toBeLessThan(300);
    }
  });

  it('names the line and cell of a quote left open or text after a closing quote', () => {
    expect(dataErrorOf(() => loadLongCsv(file('date,asset,close\n2021-01-01,"A,10\n'))).message).toMatch(/:2: a quoted cell is not closed \(cell 2\)/);
    expect(dataErrorOf(() => loadLongCsv(file('date,asset,close\n2021-01-01,"A"x,10\n'))).message).toMatch(/:2: text after the closing quote of cell 2/);
  });

  it('reads series and books the same way (an R-exported factor file, a quoted book)', () => {
    const series = loadSeriesCsv(file('\uFEFF"date","Mkt-RF","RF"\r\n"2021-01-01",0.5,0.01\r\n"2021-01-02",-0.25,0.01\r\n'));
    expect(series.names).toEqual(['Mkt-RF', 'RF']);
    expect(Array.from(series.get('Mkt-RF'))).toEqual([0.5, -0.25]);
    const book = loadBookCsv(file('"asset","weight"\n"B", 0.25 \n"A",-0.5\n'), ['A', 'B']);
    expect(Array.from(book)).toEqual([-0.5, 0.25]);
  });

  it('ends every mutated file in a panel or a DataError naming a line, never a hang or another exception', () => {
    const pieces = ['"', ',', ' ', '\r', '\n', '\r\n', '""', 'NA', '-', 'e', '1', '2021-01-0', '\uFEFF', '\u0000', 'é'];
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(PLAIN.length), fc.nat(3), fc.constantFrom(...pieces)), { maxLength: 6 }), (edits) => {
        let text = PLAIN;
        for (const [at, cut, piece] of edits) text = text.slice(0, at) + piece + text.slice(at + cut);
        const started = performance.now();
        try {
          const p = loadLongCsv(file(text));
          expect(p.dates.length).toBeGreaterThan(0);
        } catch (err) {
          if (!(err instanceof DataError)) throw err;
          // Every message names the file; all but whole-file ones a line.
          expect(err.message.startsWith(err.location.file)).toBe(true);
          if (!['not-text', 'empty-file', 'file-unreadable'].includes(err.code)) expect(err.location.line).toBeGreaterThan(0);
        }
        expect(performance.now() - started).toBeLessThan(1000);
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });
});
