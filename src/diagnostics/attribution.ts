/** One bar's return split into factor contributions and the specific rest. */
export interface Attribution {
  /** Per model factor: portfolio exposure `Σ wᵢ Bᵢₖ` times the factor's return that bar. */
  readonly contributions: Float64Array;
  /** What the factors do not explain: total minus the contributions. */
  readonly specific: number;
  /** `Σ wᵢ rᵢ` over the positions held (missing returns count as 0, as the ledger does). */
  readonly total: number;
}

/**
 * Attribute a bar's return of the book `weights` (held from the previous close)
 * to factors: exposure `(B'w)ₖ` times factor return `fₖ`, with the specific
 * return as the remainder, so contributions plus specific equal the total
 * exactly. A factor whose return is unknown that bar (`NaN`) contributes 0 and
 * its part stays in the specific return.
 * @param loadings N × K, asset-major (unfitted assets `NaN`: their exposure counts as 0)
 */
export function attributeReturn(weights: Float64Array, assetReturns: Float64Array, loadings: Float64Array, factorReturns: Float64Array): Attribution {
  const K = factorReturns.length;
  const exposure = new Float64Array(K);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (w === 0) continue;
    if (!Number.isNaN(assetReturns[i])) total += w * assetReturns[i];
    for (let k = 0; k < K; k++) {
      const b = loadings[i * K + k];
      if (Number.isFinite(b)) exposure[k] += w * b;
    }
  }
  const contributions = exposure.map((e, k) => (Number.isFinite(factorReturns[k]) ? e * factorReturns[k] : 0));
  return { contributions, specific: total - contributions.reduce((a, b) => a + b, 0), total };
}
