import type { DayRecord, Recorder } from '../../src/engine/recorder.js';
import { defineStrategy, factor, zScore, type StrategyDefinition } from '../../src/index.js';

/** Keeps every recorded bar in memory. */
export class MemoryRecorder implements Recorder {
  readonly days: DayRecord[] = [];

  recordDay(day: DayRecord): void {
    this.days.push(day);
  }
}

/** A small strategy for tests: 30-3 momentum, beta- and size-neutral, weekly. */
export function smallStrategy(overrides: Partial<StrategyDefinition> = {}): StrategyDefinition {
  const base = defineStrategy({
    name: 'test-momentum',
    universe: { minHistoryDays: 40 },
    model: { kind: 'time-series', windowDays: 60, refitEvery: 'month' },
    rebalance: 'week',
    factors: {
      beta: factor.marketBeta({ lookbackDays: 40 }),
      size: factor.logMarketCap(),
      momentum: factor.momentum({ lookbackDays: 30, skipDays: 3 }),
    },
    signal: (ctx) => zScore(ctx.exposure('momentum')),
    portfolio: {
      objective: 'max-alpha',
      neutral: ['beta', 'size'],
      limits: { gross: 1, net: 0, maxAbsWeight: 0.2, maxTurnover: 0.8 },
    },
    costs: { commissionBps: 2, halfSpreadBps: 5 },
  });
  return { ...(base as StrategyDefinition), ...overrides };
}
