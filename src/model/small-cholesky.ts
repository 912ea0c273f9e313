/**
 * Cholesky factorisation and solves for the small dense symmetric systems of
 * per-asset regressions (P = K + 1 ≤ ~20), in flat row-major typed arrays, so
 * a thousand fits per refit allocate nothing. The arithmetic is the
 * Cholesky-Banachiewicz order that ml-matrix's `CholeskyDecomposition` uses.
 */

/**
 * Factor the symmetric `p × p` matrix `a` (row-major; only its lower triangle
 * is read) as `L Lᵀ`, writing the lower-triangular `L` into `l` (its upper
 * triangle is zeroed).
 * @returns whether `a` is positive definite (every pivot > 0); when not, `l`
 *   holds the partial factor with non-positive pivots clamped to 0 and must
 *   not be used for solves
 * @example const l = new Float64Array(4); factorCholesky(Float64Array.of(4, 2, 2, 5), 2, l) // true, l = [2, 0, 1, 2]
 */
export function factorCholesky(a: Float64Array, p: number, l: Float64Array): boolean {
  let positiveDefinite = true;
  for (let j = 0; j < p; j++) {
    let d = 0;
    for (let k = 0; k < j; k++) {
      let s = 0;
      for (let i = 0; i < k; i++) s += l[k * p + i] * l[j * p + i];
      s = (a[j * p + k] - s) / l[k * p + k];
      l[j * p + k] = s;
      d += s * s;
    }
    d = a[j * p + j] - d;
    positiveDefinite &&= d > 0;
    l[j * p + j] = Math.sqrt(Math.max(d, 0));
    for (let k = j + 1; k < p; k++) l[j * p + k] = 0;
  }
  return positiveDefinite;
}

/**
 * Solve `L Lᵀ x = b` in place (`b` becomes `x`) for the factor `l` of
 * `factorCholesky`, reading `b` at `b[offset + r * stride]` for row `r`, so the
 * columns of a row-major matrix can be solved one by one.
 */
export function solveCholesky(l: Float64Array, p: number, b: Float64Array, offset = 0, stride = 1): void {
  for (let k = 0; k < p; k++) {
    let v = b[offset + k * stride];
    for (let i = 0; i < k; i++) v -= b[offset + i * stride] * l[k * p + i];
    b[offset + k * stride] = v / l[k * p + k];
  }
  for (let k = p - 1; k >= 0; k--) {
    let v = b[offset + k * stride];
    for (let i = k + 1; i < p; i++) v -= b[offset + i * stride] * l[i * p + k];
    b[offset + k * stride] = v / l[k * p + k];
  }
}

/** Write `(L Lᵀ)⁻¹` (row-major `p × p`) into `out`, column by column from the identity. */
export function invertCholesky(l: Float64Array, p: number, out: Float64Array): void {
  out.fill(0, 0, p * p);
  for (let c = 0; c < p; c++) {
    out[c * p + c] = 1;
    solveCholesky(l, p, out, c, p);
  }
}
