import { defineStrategy, factor, zScore } from '../src/index.js';

/** The three largest assets of the sample, used as liquid hedge instruments (think index perpetuals). */
const HEDGES = ['A002', 'A064', 'A072'];

/**
 * Hedged: a long-only momentum book (100% of NAV in the strongest assets),
 * whose market exposure is then hedged on every rebalance with short positions
 * in three large, liquid assets, to within ±0.05 of zero beta.
 */
export default defineStrategy({
  name: 'hedged-momentum',
  description: 'long-only momentum, market beta hedged with three large assets',
  universe: { minHistoryDays: 120, minMedianDollarVolume: 100_000 },
  model: { kind: 'time-series', windowDays: 180, refitEvery: 'month', series: [] },
  rebalance: 'week',
  factors: {
    momentum: factor.momentum({ lookbackDays: 90, skipDays: 7 }),
  },
  // The hedge instruments are kept out of the alpha book: NaN leaves an asset out of the signal.
  signal: (ctx) => zScore(ctx.exposure('momentum')).map((z, i) => (HEDGES.includes(ctx.assets[i]) ? NaN : z)),
  portfolio: {
    objective: 'max-alpha',
    longOnly: true,
    limits: { net: 1, maxWeight: 0.05 },
    hedge: { instruments: HEDGES, factors: ['market'], band: 0.05, maxAbsWeight: 0.6 },
  },
  costs: { commissionBps: 2, halfSpreadBps: 5 },
});
