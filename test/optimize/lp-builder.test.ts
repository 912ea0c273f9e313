import { describe, expect, it } from 'vitest';
import { LpBuilder } from '../../src/optimize/linear-program.js';

describe('LpBuilder', () => {
  const columns = (n: number) => ({ sense: 'max' as const, names: Array.from({ length: n }, (_, j) => `x${j}`), cost: new Float64Array(n), lower: new Float64Array(n), upper: new Float64Array(n).fill(1) });

  it('stores rows in CSR order, leaves zeros out and grows past its first capacity', () => {
    const rows = new LpBuilder();
    const n = 1500;
    rows.addRow('a', -1, 1, Array.from({ length: n }, (_, j) => j), Array.from({ length: n }, (_, j) => (j % 3 === 0 ? 0 : j)));
    rows.beginRow('b', 0, Infinity);
    for (let j = n - 1; j >= 0; j--) rows.push(j, -j - 0.5);
    rows.endRow();
    const lp = rows.build(columns(n));
    expect(lp.rowNames).toEqual(['a', 'b']);
    expect(Array.from(lp.rowStarts)).toEqual([0, 1000, 2500]);
    expect(lp.colIndex.length).toBe(2500);
    expect(lp.values.length).toBe(2500);
    for (let k = 0, j = 0; j < n; j++) {
      if (j % 3 === 0) continue;
      expect([lp.colIndex[k], lp.values[k]]).toEqual([j, j]);
      k++;
    }
    expect([lp.colIndex[1000], lp.values[1000]]).toEqual([n - 1, -(n - 1) - 0.5]);
    expect([lp.colIndex[2499], lp.values[2499]]).toEqual([0, -0.5]);
  });

  it('refuses a row name used twice and a row left open', () => {
    const rows = new LpBuilder();
    rows.addRow('net', 0, 0, [0], [1]);
    expect(() => rows.addRow('net', 0, 0, [0], [1])).toThrow("LP row 'net' is defined twice");
    rows.beginRow('gross', -Infinity, 1);
    expect(() => rows.beginRow('turnover', -Infinity, 1)).toThrow("LP row 'gross' was not ended");
    expect(() => rows.build(columns(1))).toThrow("LP row 'gross' was not ended");
  });
});
