import type { History } from '../core/history.js';
import { type FactorDefinition, MIN_VALID_FRACTION } from './factor.js';
import { checkLookback, perAsset, requireField } from './window-stats.js';

/** `close × volume` per bar and asset over the last `bars` bars (date-major). */
function dollarVolumes(history: History, bars: number): Float64Array {
  requireField('liquidity factors', history, 'volume');
  const close = history.view('close', bars);
  const volume = history.view('volume', bars);
  return close.map((c, j) => c * volume[j]);
}

/**
 * Amihud illiquidity: the mean over the window of `|rₜ| / (closeₜ × volumeₜ)`,
 * scaled by 1e6 (absolute return per million of dollar volume). Bars with zero
 * volume are skipped. Higher means less liquid.
 */
export function amihudIlliquidity(options: { readonly lookbackDays: number }): FactorDefinition {
  const { lookbackDays } = options;
  checkLookback('amihudIlliquidity', lookbackDays, 2);
  return {
    label: `amihudIlliquidity(${lookbackDays})`,
    lookbackBars: lookbackDays + 1,
    fields: ['volume'],
    compute(history: History): Float64Array {
      const n = history.assets.length;
      const dv = dollarVolumes(history, lookbackDays);
      const ratio = history.view('return', lookbackDays).map((r, j) => (dv[j] > 0 ? (Math.abs(r) / dv[j]) * 1e6 : NaN));
      return perAsset(ratio, n, MIN_VALID_FRACTION * lookbackDays, mean);
    },
  };
}

/** Log of the mean dollar volume (`close × volume`) over the last `lookbackDays` bars. */
export function logDollarVolume(options: { readonly lookbackDays: number }): FactorDefinition {
  const { lookbackDays } = options;
  checkLookback('logDollarVolume', lookbackDays, 1);
  return {
    label: `logDollarVolume(${lookbackDays})`,
    lookbackBars: lookbackDays,
    fields: ['volume'],
    compute(history: History): Float64Array {
      const n = history.assets.length;
      return perAsset(dollarVolumes(history, lookbackDays), n, MIN_VALID_FRACTION * lookbackDays, (v, c) => {
        const m = mean(v, c);
        return m > 0 ? Math.log(m) : NaN;
      });
    },
  };
}

function mean(values: Float64Array, count: number): number {
  let s = 0;
  for (let j = 0; j < count; j++) s += values[j];
  return s / count;
}
