import { defineStrategy, factor, rank } from '../src/index.js';

/**
 * Long-only: fully invested in the calmest assets with positive momentum
 * (score: rank of low volatility plus rank of 90-day momentum), at most 5% in
 * one asset and 25% turnover per monthly rebalance.
 */
export default defineStrategy({
  name: 'long-only-low-vol',
  description: 'long-only low volatility and momentum, fully invested, monthly',
  universe: { minHistoryDays: 120, minMedianDollarVolume: 1_000_000 },
  model: { kind: 'time-series', windowDays: 180, refitEvery: 'month' },
  rebalance: 'month',
  factors: {
    volatility: factor.volatility({ lookbackDays: 60 }),
    momentum: factor.momentum({ lookbackDays: 90, skipDays: 7 }),
  },
  signal: (ctx) => {
    const calm = rank(ctx.exposure('volatility').map((v) => -v));
    const trend = rank(ctx.exposure('momentum'));
    return calm.map((c, i) => c + trend[i]);
  },
  portfolio: {
    objective: 'max-alpha',
    longOnly: true,
    limits: { net: 1, maxWeight: 0.05, maxTurnover: 0.25 },
    onInfeasible: 'relax',
  },
  costs: { commissionBps: 2, halfSpreadBps: 5 },
});
