import fc from 'fast-check';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { factorCholesky, invertCholesky, solveCholesky } from '../../src/model/small-cholesky.js';

/** A random symmetric positive-definite p × p matrix G Gᵀ + p·I (row-major). */
const spd = fc.integer({ min: 1, max: 8 }).chain((p) =>
  fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: p * p, maxLength: p * p }).map((g) => {
    const a = new Float64Array(p * p);
    for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) {
      let s = r === c ? p : 0;
      for (let k = 0; k < p; k++) s += g[r * p + k] * g[c * p + k];
      a[r * p + c] = s;
    }
    return { p, a };
  }),
);

describe('small Cholesky kernel', () => {
  it('factors the hand-worked [[4, 2], [2, 5]] as [[2, 0], [1, 2]]', () => {
    const l = new Float64Array(4);
    expect(factorCholesky(Float64Array.of(4, 2, 2, 5), 2, l)).toBe(true);
    expect(Array.from(l)).toEqual([2, 0, 1, 2]);
    const x = Float64Array.of(10, 13);
    solveCholesky(l, 2, x);
    // 4x + 2y = 10, 2x + 5y = 13 → x = 1.5, y = 2.
    expect(x[0]).toBeCloseTo(1.5, 14);
    expect(x[1]).toBeCloseTo(2, 14);
  });

  it('gives the same factor as ml-matrix, L·Lᵀ = A, A·x = b and A·A⁻¹ = I', () => {
    fc.assert(
      fc.property(spd, fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 8, maxLength: 8 }), ({ p, a }, rhs) => {
        const l = new Float64Array(p * p);
        expect(factorCholesky(a, p, l)).toBe(true);
        const reference = new CholeskyDecomposition(new Matrix(Array.from({ length: p }, (_, r) => Array.from(a.subarray(r * p, (r + 1) * p)))));
        expect(Array.from(l)).toEqual(reference.lowerTriangularMatrix.to1DArray());
        const scale = Math.max(...a.map(Math.abs));
        for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) {
          let s = 0;
          for (let k = 0; k < p; k++) s += l[r * p + k] * l[c * p + k];
          expect(Math.abs(s - a[r * p + c])).toBeLessThan(1e-12 * scale);
        }
        const x = Float64Array.from(rhs.slice(0, p));
        solveCholesky(l, p, x);
        for (let r = 0; r < p; r++) {
          let s = 0;
          for (let c = 0; c < p; c++) s += a[r * p + c] * x[c];
          expect(Math.abs(s - rhs[r])).toBeLessThan(1e-10 * scale * (1 + Math.max(...x.map(Math.abs))));
        }
        const inverse = new Float64Array(p * p);
        invertCholesky(l, p, inverse);
        for (let r = 0; r < p; r++) for (let c = 0; c < p; c++) {
          let s = 0;
          for (let k = 0; k < p; k++) s += a[r * p + k] * inverse[k * p + c];
          expect(Math.abs(s - (r === c ? 1 : 0))).toBeLessThan(1e-10);
        }
      }),
      { numRuns: 200, seed: 101 },
    );
  });

  it('reports a matrix that is not positive definite', () => {
    const l = new Float64Array(4);
    // Eigenvalues 3 and −1.
    expect(factorCholesky(Float64Array.of(1, 2, 2, 1), 2, l)).toBe(false);
    // Singular: rank one.
    expect(factorCholesky(Float64Array.of(1, 1, 1, 1), 2, l)).toBe(false);
  });
});
