import { describe, expect, it } from 'vitest';
import { summarizePerformance } from '../../src/diagnostics/performance.js';

describe('summarizePerformance', () => {
  it('matches a hand-worked four-day example', () => {
    // NAV 100 → 110 → 99 → 108.9 → 108.9: returns 0.1, −0.1, 0.1, 0.
    const navs = [110, 99, 108.9, 108.9];
    const rets = [0.1, -0.1, 0.1, 0];
    const rows = navs.map((nav, i) => ({ nav, netReturn: rets[i], turnover: i === 0 ? 0.5 : 0, cost: i === 0 ? 0.2 : 0 }));
    const s = summarizePerformance(rows, 100, 252);
    // mean 0.025, sample sd = sqrt((0.075² + 0.125² + 0.075² + 0.025²)/3) = sqrt(0.0275/3)
    const sd = Math.sqrt(0.0275 / 3);
    expect(s.sharpe).toBeCloseTo((0.025 / sd) * Math.sqrt(252), 12);
    expect(s.annualVolatility).toBeCloseTo(sd * Math.sqrt(252), 12);
    expect(s.totalReturn).toBeCloseTo(0.089, 12);
    expect(s.annualReturn).toBeCloseTo(1.089 ** (252 / 4) - 1, 9);
    // Peak 110, trough 99 → 10%.
    expect(s.maxDrawdown).toBeCloseTo(0.1, 12);
    expect(s.averageTurnover).toBe(0.5);
    expect(s.totalCost).toBeCloseTo(0.002, 12);
  });

  it('leaves Sharpe undefined (NaN) for a zero-variance series', () => {
    const s = summarizePerformance([{ nav: 100, netReturn: 0, turnover: 0, cost: 0 }, { nav: 100, netReturn: 0, turnover: 0, cost: 0 }], 100, 365);
    expect(Number.isNaN(s.sharpe)).toBe(true);
  });
});

describe('book bias statistic and signal IC', () => {
  it('bias: sd of each return over the previous close’s predicted volatility; IC: the mean of the rebalance ICs', () => {
    // Predicted 1% every bar; returns −1% and +2% after the first bar: z = −1, 2 → sd √4.5.
    const rows = [0.01, -0.01, 0.02].map((r, t) => ({ nav: 100 + t, netReturn: r, turnover: 0, cost: 0, predictedVol: 0.01 }));
    const s = summarizePerformance(rows, 100, 365, { signalIcs: [0.1, 0.3, 0.2, NaN] });
    expect(s.bookBiasStatistic).toBeCloseTo(Math.sqrt(4.5), 12);
    expect(s.signalIc).toBeCloseTo(0.2, 12);
    expect(Number.isFinite(s.signalIcTStat)).toBe(true);
    expect(summarizePerformance(rows, 100, 365).signalIc).toBeNaN();
  });
});
