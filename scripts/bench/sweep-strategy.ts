import { defineStrategy, factor, winsorize, zScore } from '../../src/index.js';

const lookbacks = [30, 60, 90, 120] as const;

/**
 * The 64-trial sweep of the study benchmark (issue 8): momentum-neutral with
 * 4 lookbacks × 4 winsorising levels × 4 caps on the z-scored signal.
 */
export default defineStrategy({
  name: 'bench-sweep',
  universe: { minHistoryDays: 120, minMedianDollarVolume: 100_000 },
  model: { kind: 'time-series', windowDays: 180, refitEvery: 'month' },
  rebalance: 'week',
  factors: {
    beta: factor.marketBeta({ lookbackDays: 180 }),
    size: factor.logMarketCap(),
    m30: factor.momentum({ lookbackDays: 30, skipDays: 7 }),
    m60: factor.momentum({ lookbackDays: 60, skipDays: 7 }),
    m90: factor.momentum({ lookbackDays: 90, skipDays: 7 }),
    m120: factor.momentum({ lookbackDays: 120, skipDays: 7 }),
  },
  signal: (ctx) => {
    const lookback = Number(ctx.params.lookback);
    const key = `m${lookbacks.includes(lookback as (typeof lookbacks)[number]) ? lookback : 90}` as 'm30' | 'm60' | 'm90' | 'm120';
    const cap = Number(ctx.params.cap);
    return zScore(winsorize(ctx.exposure(key), Number(ctx.params.winsor))).map((z) => Math.max(-cap, Math.min(cap, z)));
  },
  portfolio: {
    objective: 'max-alpha',
    neutral: ['beta', 'size'],
    limits: { gross: 2, net: 0, maxAbsWeight: 0.05, maxTurnover: 0.6 },
  },
  costs: { commissionBps: 2, halfSpreadBps: 5 },
  params: { lookback: [...lookbacks], winsor: [0.01, 0.025, 0.05, 0.1], cap: [1, 1.5, 2, 3] },
});
