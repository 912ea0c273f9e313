import type { History } from '../core/history.js';

/**
 * Daily market returns over the last `bars` bars: the cap-weighted mean of asset
 * returns, weights from the previous bar's `market_cap` (equal weights when the
 * panel has no market caps). `NaN` for a bar with no asset return.
 */
export function marketReturns(history: History, bars: number): Float64Array {
  const n = history.assets.length;
  const rets = history.view('return', bars);
  const caps = history.hasField('market_cap') ? history.view('market_cap', bars + 1) : undefined;
  const out = new Float64Array(bars);
  for (let s = 0; s < bars; s++) out[s] = capWeightedMean(rets, caps, n, s * n, s * n);
  return out;
}

/**
 * One bar's market return: the mean of the `n` returns at `rets[row…]`,
 * weighted by the caps at `caps[capRow…]` (the previous bar's), or equally
 * when `caps` is undefined. `NaN` when no asset has both.
 */
export function capWeightedMean(rets: Float64Array, caps: Float64Array | undefined, n: number, row: number, capRow: number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    const r = rets[row + i];
    if (Number.isNaN(r)) continue;
    const w = caps === undefined ? 1 : caps[capRow + i];
    if (!(w > 0)) continue;
    num += w * r;
    den += w;
  }
  return den > 0 ? num / den : NaN;
}
