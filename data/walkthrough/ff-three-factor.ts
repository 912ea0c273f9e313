import { defineStrategy, factor, zScore } from 'factorlab';

/**
 * The walkthrough's stock strategy (docs/data.md): a Fama-French three-factor
 * time-series model on excess returns over RF, read from an R export in
 * percent; 60-5 momentum, neutral to the fitted market, size and value
 * loadings, dollar-neutral; cash earns RF.
 */
export default defineStrategy({
  name: 'walkthrough-ff3-momentum',
  universe: { minHistoryDays: 60 },
  model: {
    kind: 'time-series',
    windowDays: 120,
    refitEvery: 'month',
    market: false,
    series: ['Mkt.RF', 'SMB', 'HML'],
    seriesUnits: { 'Mkt.RF': 'percent', SMB: 'percent', HML: 'percent', RF: 'percent' },
  },
  riskFree: { series: 'RF', per: 'bar' },
  rebalance: 'month',
  factors: { momentum: factor.momentum({ lookbackDays: 60, skipDays: 5 }) },
  signal: (ctx) => zScore(ctx.exposure('momentum')),
  portfolio: {
    objective: 'max-alpha',
    neutralToModel: ['Mkt.RF', 'SMB', 'HML'],
    neutralBand: 0.05,
    limits: { gross: 1, net: 0, maxAbsWeight: 0.25 },
    onInfeasible: 'relax',
  },
  costs: { commissionBps: 1, halfSpreadBps: 3 },
});
