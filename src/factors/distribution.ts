import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { centralMoments } from '../stats/moments.js';
import { checkLookback, perAsset } from './window-stats.js';

/** Shared shape of the two distributional factors. */
function momentFactor(name: string, lookbackDays: number, stat: (m: ReturnType<typeof centralMoments>) => number): FactorDefinition {
  checkLookback(name, lookbackDays, 10);
  return {
    label: `${name}(${lookbackDays})`,
    lookbackBars: lookbackDays,
    compute(history: History): Float64Array {
      const n = history.assets.length;
      return perAsset(history.view('return', lookbackDays), n, MIN_VALID_FRACTION * lookbackDays, (v, c) => {
        const m = centralMoments(v, c);
        return m.m2 > 0 ? stat(m) : NaN;
      });
    },
  };
}

/**
 * Skewness of daily returns over the window: the moment estimator `m₃ / m₂^1.5`
 * (population moments, as `scipy.stats.skew` with `bias=True`). `NaN` for a
 * constant series or fewer than 80% valid returns.
 */
export function skewness(options: { readonly lookbackDays: number }): FactorDefinition {
  return momentFactor('skewness', options.lookbackDays, (m) => m.m3 / m.m2 ** 1.5);
}

/**
 * Excess kurtosis of daily returns over the window: `m₄ / m₂² − 3` (0 for a
 * normal distribution). This is a cross-sectional exposure; the Sharpe-ratio
 * statistics elsewhere use raw kurtosis and say so.
 */
export function excessKurtosis(options: { readonly lookbackDays: number }): FactorDefinition {
  return momentFactor('excessKurtosis', options.lookbackDays, (m) => m.m4 / (m.m2 * m.m2) - 3);
}
