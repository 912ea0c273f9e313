import { defineStrategy, factor, winsorize, zScore } from '../src/index.js';

/**
 * Long/short 90-day momentum (skipping the last 7 days), neutral to market beta
 * and size, dollar-neutral, rebalanced weekly with a turnover budget; the
 * perpetuals' funding is booked on the book held each day.
 */
export default defineStrategy({
  name: 'momentum-neutral',
  description: '90-7 momentum, beta- and size-neutral, dollar-neutral, weekly',
  universe: { minHistoryDays: 120, minMedianDollarVolume: 100_000 },
  model: { kind: 'time-series', windowDays: 180, refitEvery: 'month' },
  rebalance: 'week',
  executionLagDays: 1,
  factors: {
    beta: factor.marketBeta({ lookbackDays: 180 }),
    size: factor.logMarketCap(),
    momentum: factor.momentum({ lookbackDays: 90, skipDays: 7 }),
  },
  // ctx is a point-in-time view: nothing after ctx.asOf exists in it.
  signal: (ctx) => zScore(winsorize(ctx.exposure('momentum'), 0.025)),
  portfolio: {
    objective: 'max-alpha',
    neutral: ['beta', 'size'],
    limits: { gross: 2, net: 0, maxAbsWeight: 0.05, maxTurnover: 0.6 },
    onInfeasible: 'hold',
  },
  // The sample's assets are perpetuals: book their funding (funding_rate is each day's sum, so per: 'bar').
  costs: { commissionBps: 2, halfSpreadBps: 5, funding: { per: 'bar' } },
});
