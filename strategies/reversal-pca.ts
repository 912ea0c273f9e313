import { defineStrategy, factor, rank } from '../src/index.js';

/**
 * Short-term reversal hedged against statistical factors: the book is neutral
 * to the first three principal components of the last 120 days of returns.
 */
export default defineStrategy({
  name: 'reversal-pca',
  description: '5-day reversal, neutral to 3 principal components, weekly refit',
  universe: { minHistoryDays: 120, minMedianDollarVolume: 100_000 },
  model: { kind: 'statistical', components: 3, windowDays: 120, refitEvery: 'week', risk: { shrinkage: 'ledoit-wolf' } },
  rebalance: 'week',
  factors: { reversal: factor.shortTermReversal({ lookbackDays: 5 }) },
  signal: (ctx) => rank(ctx.exposure('reversal')).map((r) => r - 0.5),
  portfolio: {
    objective: 'max-alpha',
    neutralToModel: ['pc1', 'pc2', 'pc3'],
    limits: { gross: 1, net: 0, maxAbsWeight: 0.04 },
  },
  costs: { commissionBps: 2, halfSpreadBps: 5 },
});
