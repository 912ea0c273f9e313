import { defineStrategy, factor, winsorize, zScore } from '../src/index.js';

/**
 * Factor-tilted: long/short funding carry (long the assets whose perpetual
 * funding pays the holder most), dollar-neutral and size-neutral, with a
 * deliberate net market beta of +0.3 (± 0.05) on the fitted model loadings.
 */
export default defineStrategy({
  name: 'beta-tilted-carry',
  description: 'funding carry, dollar- and size-neutral, tilted to a market beta of 0.3',
  universe: { minHistoryDays: 120, minMedianDollarVolume: 100_000 },
  model: { kind: 'time-series', windowDays: 180, refitEvery: 'month', series: [] },
  rebalance: 'week',
  factors: {
    size: factor.logMarketCap(),
    carry: factor.fundingCarry({ lookbackDays: 30 }),
  },
  signal: (ctx) => zScore(winsorize(ctx.exposure('carry'), 0.025)),
  portfolio: {
    objective: 'max-alpha',
    neutral: ['size'],
    tiltsToModel: { market: { target: 0.3, band: 0.05 } },
    limits: { gross: 1.5, net: 0, maxAbsWeight: 0.05 },
    onInfeasible: 'relax',
  },
  // The sample's funding_rate is each day's sum of its three 8-hour rates, so per: 'bar'.
  costs: { commissionBps: 2, halfSpreadBps: 5, funding: { per: 'bar' } },
});
