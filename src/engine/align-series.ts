import type { Market } from '../core/panel.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';

const MS_PER_DAY = 86_400_000;

/**
 * The market's series as a strategy reads them on `dates`: each value from the
 * bar it became known, `model.seriesLagDays` bars after its date stamp, and
 * divided by 100 where `model.seriesUnits` says it is in percent.
 */
export function alignSeries(market: Market, strategy: StrategyDefinition, dates: readonly string[]): Map<string, Float64Array> {
  const lag = strategy.model.seriesLagDays ?? 0;
  const units = strategy.model.seriesUnits ?? {};
  return new Map(
    market.series.names.map((s) => {
      const aligned = market.series.alignTo(s, dates, lag);
      if (units[s] === 'percent') for (let t = 0; t < aligned.length; t++) aligned[t] /= 100;
      return [s, aligned];
    }),
  );
}

/** The risk-free return of each bar, and what was filled in. */
export interface RiskFreeReturns {
  /** Return of cash over bar `t` (from the close of `t − 1` to the close of `t`); 0 on the first bar. */
  readonly returns: Float64Array;
  /** The convention, said in the run record and the report. */
  readonly convention: string;
  /** Bars whose rate was carried from an earlier bar, and bars before the first rate (cash earned 0). */
  readonly carried: number;
  readonly beforeFirst: number;
}

/**
 * The per-bar return of cash from `strategy.riskFree`: with `per: 'bar'` the
 * series value stamped on a bar is that bar's return (Fama-French `RF`); with
 * `per: 'year'` it is an annual rate (a T-bill yield), known at the start of
 * the bar and accrued simply over its calendar days, `r × days / 365`. A bar
 * without a value carries the latest earlier one (counted); bars before the
 * first value earn 0 (counted).
 */
export function riskFreeReturns(aligned: ReadonlyMap<string, Float64Array>, dates: readonly string[], riskFree: NonNullable<StrategyDefinition['riskFree']>): RiskFreeReturns {
  const rate = aligned.get(riskFree.series);
  if (rate === undefined) throw new RangeError(`riskFree.series '${riskFree.series}' is not a series of the data`);
  const T = dates.length;
  const returns = new Float64Array(T);
  let carried = 0;
  let beforeFirst = 0;
  let last = NaN;
  // Per year, the rate known at the previous close applies over the bar; per bar, the bar's own stamp.
  const known = (t: number): number => {
    if (!Number.isNaN(rate[t])) last = rate[t];
    else if (!Number.isNaN(last)) carried++;
    return last;
  };
  for (let t = 0; t < T; t++) {
    if (riskFree.per === 'bar') {
      const r = known(t);
      if (Number.isNaN(r)) beforeFirst++;
      returns[t] = Number.isNaN(r) ? 0 : r;
    } else if (t > 0) {
      const r = known(t - 1);
      if (Number.isNaN(r)) beforeFirst++;
      const days = (Date.parse(`${dates[t]}T00:00:00Z`) - Date.parse(`${dates[t - 1]}T00:00:00Z`)) / MS_PER_DAY;
      returns[t] = Number.isNaN(r) ? 0 : (r * days) / 365;
    }
  }
  const units = riskFree.per === 'bar' ? 'a return per bar' : 'an annual rate accrued simply over calendar days (r × days / 365), the rate known at the previous close';
  return {
    returns,
    convention: `excess over series '${riskFree.series}' (${units})`,
    carried,
    beforeFirst,
  };
}
