import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';

export interface MomentumOptions {
  /** Bars from the start of the formation window to `asOf`. */
  readonly lookbackDays: number;
  /** Most recent bars left out (short-term reversal), `0 <= skipDays < lookbackDays`. */
  readonly skipDays?: number;
}

/**
 * Total return from `lookbackDays` bars ago to `skipDays` bars ago: the
 * classic 12-1 momentum is `{ lookbackDays: 252, skipDays: 21 }`.
 * `NaN` for an asset with fewer than 80% valid returns in the formation window.
 */
export function momentum(options: MomentumOptions): FactorDefinition {
  const { lookbackDays } = options;
  const skipDays = options.skipDays ?? 0;
  if (!(Number.isInteger(lookbackDays) && lookbackDays > 0)) throw new RangeError(`momentum: lookbackDays (${lookbackDays}) must be a positive integer`);
  if (!(Number.isInteger(skipDays) && skipDays >= 0 && skipDays < lookbackDays)) {
    throw new RangeError(`momentum: skipDays (${skipDays}) must be an integer in [0, lookbackDays)`);
  }
  const formation = lookbackDays - skipDays;
  return {
    label: `momentum(${lookbackDays},${skipDays})`,
    lookbackBars: lookbackDays,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      const rets = history.window('return', lookbackDays);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let growth = 1;
        let valid = 0;
        for (let s = 0; s < formation; s++) {
          const r = rets[s * n + i];
          if (Number.isNaN(r)) continue;
          growth *= 1 + r;
          valid++;
        }
        out[i] = valid >= MIN_VALID_FRACTION * formation ? growth - 1 : NaN;
      }
      return out;
    },
  };
}
