import { defineStrategy, factor, winsorize, zScore } from '../src/index.js';

const lookbacks = [30, 60, 90, 120] as const;

/**
 * The momentum-neutral strategy with its lookback and winsorising as study
 * parameters: `factorlab study strategies/momentum-study.ts` runs the 16
 * combinations over walk-forward folds.
 */
export default defineStrategy({
  name: 'momentum-study',
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
    return zScore(winsorize(ctx.exposure(key), Number(ctx.params.winsor)));
  },
  portfolio: {
    objective: 'max-alpha',
    neutral: ['beta', 'size'],
    limits: { gross: 2, net: 0, maxAbsWeight: 0.05, maxTurnover: 0.6 },
  },
  costs: { commissionBps: 2, halfSpreadBps: 5 },
  params: { lookback: [...lookbacks], winsor: [0.01, 0.025, 0.05, 0.1] },
});
