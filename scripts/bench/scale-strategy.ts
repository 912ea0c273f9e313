import { defineStrategy, factor, winsorize, zScore } from '../../src/index.js';

/**
 * The benchmark's study (issue 8's yardstick): long/short 90-7 momentum,
 * neutral to K = 3 observed factors (market, inflation surprise, rate change,
 * through the time-series model's loadings) and to size, dollar-neutral,
 * 252-bar window refitted monthly, weekly rebalances under a turnover budget.
 */
export default defineStrategy({
  name: 'bench-scale',
  universe: { minHistoryDays: 252 },
  model: { kind: 'time-series', windowDays: 252, refitEvery: 'month' },
  rebalance: 'week',
  factors: {
    size: factor.logMarketCap(),
    momentum: factor.momentum({ lookbackDays: 90, skipDays: 7 }),
  },
  signal: (ctx) => zScore(winsorize(ctx.exposure('momentum'), 0.025)),
  portfolio: {
    objective: 'max-alpha',
    neutral: ['size'],
    neutralToModel: ['market', 'inflation_surprise', 'rate_change'],
    neutralBand: 0.01,
    limits: { gross: 2, net: 0, maxAbsWeight: 0.02, maxTurnover: 0.5 },
    onInfeasible: 'relax',
  },
  costs: { commissionBps: 2, halfSpreadBps: 5 },
  // The generated N = 1000 market has assets whose volatility explodes (A247 falls to 1e-26 through
  // hundreds of ±90% bars); booked as they are, one such short took the book through zero in 2022
  // and the margin call ended the run there. The benchmark drops those returns instead, as a user would.
  dataChecks: { policies: { extremeReturn: 'exclude', split: 'exclude' } },
});
