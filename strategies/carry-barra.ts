import { defineStrategy, factor, winsorizeMad, zScore } from '../src/index.js';

/**
 * Funding carry in a Barra-style cross-sectional model: each bar's returns are
 * regressed on size, momentum, volatility and carry exposures (√cap weights),
 * and the book is neutral to the model's market, size and momentum factors.
 */
export default defineStrategy({
  name: 'carry-barra',
  description: 'funding carry, neutral to the cross-sectional market, size and momentum factors',
  universe: { minHistoryDays: 120, minMedianDollarVolume: 100_000 },
  model: {
    kind: 'cross-sectional',
    factors: ['size', 'momentum', 'volatility', 'carry'],
    windowDays: 250,
    refitEvery: 'month',
    horizonDays: 5,
    risk: { method: 'ewma', halfLifeDays: 90, specificVarianceFloor: 1e-5 },
  },
  rebalance: 'week',
  factors: {
    size: factor.logMarketCap(),
    momentum: factor.momentum({ lookbackDays: 64, skipDays: 5 }),
    volatility: factor.idiosyncraticVolatility({ lookbackDays: 60 }),
    carry: factor.fundingCarry({ lookbackDays: 7 }),
  },
  signal: (ctx) => zScore(winsorizeMad(ctx.exposure('carry'), 4)),
  portfolio: {
    objective: 'max-alpha',
    neutralToModel: ['market', 'size', 'momentum'],
    neutralBand: 0.02,
    limits: { gross: 1.5, net: 0, maxAbsWeight: 0.05 },
  },
  costs: { commissionBps: 2, halfSpreadBps: 5 },
});
