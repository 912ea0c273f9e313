import { defineStrategy, factor, winsorize, zScore } from 'factorlab';

/**
 * The walkthrough's crypto strategy (docs/data.md): long the perpetuals whose
 * funding pays the holder most, short the others, with a net weight of zero
 * in every sector of the exchange's `sector` column.
 */
export default defineStrategy({
  name: 'walkthrough-sector-carry',
  universe: { minHistoryDays: 60, minMedianDollarVolume: 1_000_000 },
  model: { kind: 'time-series', windowDays: 90, refitEvery: 'month' },
  rebalance: 'week',
  factors: { carry: factor.fundingCarry({ lookbackDays: 14 }) },
  signal: (ctx) => zScore(winsorize(ctx.exposure('carry'), 0.05)),
  portfolio: {
    objective: 'max-alpha',
    groups: { by: 'sector', minNet: 0, maxNet: 0 },
    limits: { gross: 1, net: 0, maxAbsWeight: 0.2 },
  },
  // Funding booked from funding.csv, every event at its own time (BTC every 8 h, SOL every 4 h, DOGE every hour).
  costs: { commissionBps: 2, halfSpreadBps: 4, funding: { per: 'file' } },
});
