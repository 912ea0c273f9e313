import type { History } from '../core/history.js';

/**
 * Daily market returns over the last `bars` bars: the cap-weighted mean of asset
 * returns, weights from the previous bar's `market_cap` (equal weights when the
 * panel has no market caps). `NaN` for a bar with no asset return.
 */
export function marketReturns(history: History, bars: number): Float64Array {
  const n = history.assets.length;
  const rets = history.window('return', bars);
  const caps = history.hasField('market_cap') ? history.window('market_cap', bars + 1) : undefined;
  const out = new Float64Array(bars);
  for (let s = 0; s < bars; s++) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      const r = rets[s * n + i];
      if (Number.isNaN(r)) continue;
      const w = caps === undefined ? 1 : caps[s * n + i];
      if (!(w > 0)) continue;
      num += w * r;
      den += w;
    }
    out[s] = den > 0 ? num / den : NaN;
  }
  return out;
}
