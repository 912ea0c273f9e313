import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/**
 * Residual of a cross-sectional least-squares regression of `x` on an
 * intercept and `others` (each aligned with `x`), optionally weighted: the
 * part of `x` that the other factors do not explain. The result has zero
 * (weighted) sample covariance with every one of `others` and zero weighted
 * mean. An asset missing in `x` or any of `others` is `NaN`.
 * @throws RangeError when `others` are collinear over the assets they share
 */
export function orthogonalize(x: Float64Array, others: readonly Float64Array[], options: { readonly weights?: Float64Array } = {}): Float64Array {
  const n = x.length;
  const P = others.length + 1;
  for (const [j, o] of others.entries()) if (o.length !== n) throw new RangeError(`orthogonalize: others[${j}] has ${o.length} entries, x has ${n}`);
  const w = options.weights;
  const row = new Float64Array(P);
  const xtx = new Matrix(P, P);
  const xty = new Float64Array(P);
  const usable = (i: number): boolean => Number.isFinite(x[i]) && others.every((o) => Number.isFinite(o[i])) && (w === undefined || w[i] > 0);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!usable(i)) continue;
    count++;
    fillRow(row, others, i);
    const wi = w === undefined ? 1 : w[i];
    for (let a = 0; a < P; a++) {
      xty[a] += wi * row[a] * x[i];
      for (let b = 0; b < P; b++) xtx.set(a, b, xtx.get(a, b) + wi * row[a] * row[b]);
    }
  }
  const chol = new CholeskyDecomposition(xtx);
  if (count <= P || !chol.isPositiveDefinite()) {
    throw new RangeError(`orthogonalize: the ${others.length} other factor(s) are collinear or constant over the ${count} assets where all are present`);
  }
  const coef = chol.solve(Matrix.columnVector(Array.from(xty))).to1DArray();
  return Float64Array.from(x, (v, i) => {
    if (!usable(i)) return NaN;
    fillRow(row, others, i);
    let fitted = 0;
    for (let a = 0; a < P; a++) fitted += coef[a] * row[a];
    return v - fitted;
  });
}

function fillRow(row: Float64Array, others: readonly Float64Array[], i: number): void {
  row[0] = 1;
  for (let j = 0; j < others.length; j++) row[j + 1] = others[j][i];
}
