import { describe, expect, it } from 'vitest';
import { returnStats, returnsByYear } from '../../src/diagnostics/return-stats.js';

describe('returnStats (hand-worked)', () => {
  // r = 2%, −1%, 3%, −2%, 1%, 0: mean 0.5%, downside deviation √((0.01² + 0.02²)/6) = 0.0091287.
  const r = [0.02, -0.01, 0.03, -0.02, 0.01, 0];
  const s = returnStats(r, 1, 0.1, 0.02);

  it('Sortino, hit rate, Calmar and drawdown duration', () => {
    expect(s.sortino).toBeCloseTo(0.005 / Math.sqrt(0.0005 / 6), 12);
    expect(s.hitRate).toBeCloseTo(0.6, 12);
    expect(s.calmar).toBeCloseTo(5, 12);
    // NAV peaks at bar 2 (1.040094) and is not regained by bar 5: three bars under water.
    expect(s.maxDrawdownBars).toBe(3);
  });

  it('historical VaR and expected shortfall at 95%', () => {
    // Sorted: −2%, −1%, 0, 1%, 2%, 3%; the 5% quantile (type 7) is −2% + 0.25·1% = −1.75%.
    expect(s.var95).toBeCloseTo(0.0175, 12);
    expect(s.expectedShortfall95).toBeCloseTo(0.02, 12);
  });

  it('Cornish-Fisher VaR corrects the normal quantile for the tails', () => {
    // ±1%, ±2%: skewness 0, kurtosis 8.5e-8 / 6.25e-8 = 1.36 (excess −1.64), sd √(2.5e-4 · 4/3).
    // z = q + (q³ − 3q)(−1.64)/24 with q = −1.644854 → −1.677965; VaR = −z·sd = 0.030636.
    const cf = returnStats([-0.02, -0.01, 0.01, 0.02], 1, 0, 0);
    expect(cf.skewness).toBeCloseTo(0, 12);
    expect(cf.excessKurtosis).toBeCloseTo(-1.64, 12);
    expect(cf.cornishFisherVar95).toBeCloseTo(0.030636, 5);
  });

  it('compounds returns per calendar year', () => {
    expect(returnsByYear(['2023-12-30', '2023-12-31', '2024-01-01'], [0.1, 0.1, -0.5])).toEqual([
      { year: '2023', return: expect.closeTo(0.21, 12) as number, bars: 2 },
      { year: '2024', return: -0.5, bars: 1 },
    ]);
  });
});
