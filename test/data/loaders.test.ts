import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/core/errors.js';
import { loadLongCsv } from '../../src/data/load-long-csv.js';
import { loadSeriesCsv } from '../../src/data/load-series-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'factorlab-loaders-'));
let count = 0;
function file(text: string): string {
  const path = join(dir, `case-${count++}.csv`);
  writeFileSync(path, text);
  return path;
}

function errorOf(fn: () => unknown): DataError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DataError) return err;
    throw err;
  }
  throw new Error('expected a DataError');
}

describe('loadLongCsv', () => {
  it('loads a valid long CSV into a date-major panel with NaN for missing cells', () => {
    const panel = loadLongCsv(file('date,asset,close,volume\n2024-01-01,B,10,5\n2024-01-01,A,20,\n2024-01-02,A,21,7\n'));
    expect(panel.dates).toEqual(['2024-01-01', '2024-01-02']);
    expect(panel.assets).toEqual(['A', 'B']);
    expect(Array.from(panel.field('close'))).toEqual([20, 10, 21, NaN]);
    expect(Array.from(panel.field('volume'))).toEqual([NaN, 5, 7, NaN]);
  });

  const cases: Array<[string, string, string, number | undefined, string | undefined]> = [
    ['unsorted dates', 'date,asset,close\n2024-01-02,A,1\n2024-01-01,A,1\n', 'unsorted-dates', 3, 'date'],
    ['a duplicate asset-date row', 'date,asset,close\n2024-01-01,A,1\n2024-01-01,A,2\n', 'duplicate-row', 3, 'asset'],
    ['a non-numeric value', 'date,asset,close\n2024-01-01,A,1\n2024-01-02,A,abc\n', 'not-a-number', 3, 'close'],
    ['a non-positive market cap', 'date,asset,close,market_cap\n2024-01-01,A,1,0\n', 'non-positive-value', 2, 'market_cap'],
    ['a negative volume', 'date,asset,close,volume\n2024-01-01,A,1,-5\n', 'negative-value', 2, 'volume'],
    ['a missing required column', 'date,asset,price\n2024-01-01,A,1\n', 'missing-column', 1, 'close'],
    ['a bad date', 'date,asset,close\n01/02/2024,A,1\n', 'bad-date', 2, 'date'],
    ['an impossible date', 'date,asset,close\n2024-02-30,A,1\n', 'bad-date', 2, 'date'],
    ['a row of the wrong width', 'date,asset,close\n2024-01-01,A\n', 'bad-row', 2, undefined],
    ['semicolons', 'date;asset;close\n2024-01-01;A;1\n', 'wrong-delimiter', 1, undefined],
    ['an empty file', '', 'empty-file', undefined, undefined],
    ['a header only', 'date,asset,close\n', 'no-rows', 2, undefined],
    ['infinity', 'date,asset,close\n2024-01-01,A,Infinity\n', 'not-a-number', 2, 'close'],
  ];
  it.each(cases)('rejects %s with its code, file, line and column', (_, text, code, line, column) => {
    const path = file(text);
    const error = errorOf(() => loadLongCsv(path));
    expect(error.code).toBe(code);
    expect(error.location.file).toBe(path);
    expect(error.location.line).toBe(line);
    expect(error.location.column).toBe(column);
    expect(error.message.startsWith(path)).toBe(true);
  });

  it('names a missing file', () => {
    const error = errorOf(() => loadLongCsv(join(dir, 'nope.csv')));
    expect(error.code).toBe('file-unreadable');
    expect(error.message).toMatch(/nope\.csv: file not found/);
  });
});

describe('loadSeriesCsv', () => {
  it('loads named series', () => {
    const series = loadSeriesCsv(file('date,cpi,rates\n2024-01-01,0.1,\n2024-01-02,0.2,3\n'));
    expect(series.names).toEqual(['cpi', 'rates']);
    expect(Array.from(series.get('rates'))).toEqual([NaN, 3]);
  });

  it.each([
    ['a duplicate date', 'date,x\n2024-01-01,1\n2024-01-01,2\n', 'duplicate-date', 3],
    ['unsorted dates', 'date,x\n2024-01-02,1\n2024-01-01,2\n', 'unsorted-dates', 3],
    ['a first column that is not date', 'day,x\n2024-01-01,1\n', 'missing-column', 1],
    ['text in a value', 'date,x\n2024-01-01,high\n', 'not-a-number', 2],
  ])('rejects %s', (_, text, code, line) => {
    const error = errorOf(() => loadSeriesCsv(file(text)));
    expect(error.code).toBe(code);
    expect(error.location.line).toBe(line);
  });

  it('aligns values to panel dates with a publication lag', () => {
    const series = loadSeriesCsv(file('date,x\n2024-01-01,1\n2024-01-03,3\n'));
    const dates = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04'];
    expect(Array.from(series.alignTo('x', dates, 0))).toEqual([1, NaN, 3, NaN]);
    expect(Array.from(series.alignTo('x', dates, 1))).toEqual([NaN, 1, NaN, 3]);
  });
});
