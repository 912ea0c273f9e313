import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { normalCdf, normalQuantile } from '../../src/stats/normal.js';
import { probabilityOfBacktestOverfitting } from '../../src/diagnostics/pbo.js';
import { deflatedSharpeRatio, expectedMaxSharpe, minimumTrackRecordLength, probabilisticSharpeRatio, sharpeMoments } from '../../src/diagnostics/sharpe-tests.js';

describe('normal distribution', () => {
  it('matches tabulated values', () => {
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 7);
    expect(normalQuantile(0.99)).toBeCloseTo(2.326347874, 8);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644853627, 8);
    expect(normalQuantile(1 - 1e-6)).toBeCloseTo(4.753424309, 6);
  });
});

describe('Sharpe-ratio tests (Bailey and López de Prado)', () => {
  // The numerical example of Bailey and López de Prado (2014, "The Deflated Sharpe
  // Ratio", section 6): five years of daily returns (T = 1250), an annualised
  // Sharpe ratio of 2.5 (250 bars a year), skewness −3, kurtosis 10, selected
  // after N = 100 independent trials whose annualised Sharpe ratios have variance
  // 1/2. The paper reports SR₀ ≈ 0.1132 (per bar) and DSR ≈ 0.90.
  const sharpe = 2.5 / Math.sqrt(250);
  const variance = 0.5 / 250;

  it('reproduces the expected maximum Sharpe and the DSR of the 2014 example', () => {
    expect(expectedMaxSharpe(100, variance)).toBeCloseTo(0.1132, 4);
    expect(deflatedSharpeRatio(sharpe, 1250, -3, 10, 100, variance)).toBeCloseTo(0.9004, 3);
  });

  it('uses raw kurtosis: feeding excess kurtosis (7 instead of 10) overstates the PSR', () => {
    // Two years of monthly returns with a monthly Sharpe of 0.5: the factor is
    // 1 + 9/4 · 0.25 = 1.5625 with raw kurtosis 10, but 1.375 if 7 (excess) is fed in.
    expect(probabilisticSharpeRatio(0.5, 24, 0, 10)).toBeCloseTo(normalCdf((0.5 * Math.sqrt(23)) / Math.sqrt(1.5625)), 12);
    expect(probabilisticSharpeRatio(0.5, 24, 0, 7) - probabilisticSharpeRatio(0.5, 24, 0, 10)).toBeGreaterThan(0.005);
    // Normal returns (raw kurtosis 3, skew 0): the variance factor is 1 + SR²/2.
    expect(probabilisticSharpeRatio(0.1, 101, 0, 3)).toBeCloseTo(normalCdf((0.1 * 10) / Math.sqrt(1 + 0.005)), 12);
  });

  it('PSR is the probability that the true Sharpe exceeds the benchmark; MinTRL inverts it', () => {
    // At exactly MinTRL observations the PSR equals the confidence level.
    const trl = minimumTrackRecordLength(sharpe, -3, 10, 0, 0.95);
    expect(probabilisticSharpeRatio(sharpe, trl, -3, 10)).toBeCloseTo(0.95, 9);
    // Hand computation: factor 1 + 3·0.15811 + 9/4·0.025 = 1.53058; (1.64485/0.15811)² = 108.23 → 1 + 165.66.
    expect(trl).toBeCloseTo(166.64, 1);
    expect(minimumTrackRecordLength(0.05, 0, 3, 0.1)).toBe(Infinity);
    expect(probabilisticSharpeRatio(0, 100, 0, 3)).toBeCloseTo(0.5, 12);
  });

  it('estimates the moments with raw kurtosis (3 for a symmetric two-point law gives 1)', () => {
    const m = sharpeMoments([1, -1, 1, -1]);
    expect(m.kurtosis).toBeCloseTo(1, 12);
    expect(m.skewness).toBeCloseTo(0, 12);
    expect(m.sharpe).toBe(0);
  });
});

describe('probability of backtest overfitting (CSCV)', () => {
  it('matches a tiny matrix enumerated by hand', () => {
    // Two trials over four rows, one row per block (S = 4, six splits), mean as the metric:
    // A = (1, 2, 3, 6), B = (4, 3, 2.2, 0). In-sample rows → winner (means) → out of sample:
    // {1,2} → B (3.5 vs 1.5) → B 1.1 < A 4.5;   {1,3} → B (3.1 vs 2) → B 1.5 < A 4;
    // {1,4} → A (3.5 vs 2) → A 2.5 < B 2.6;     {2,3} → B (2.6 vs 2.5) → B 2 < A 3.5;
    // {2,4} → A (4 vs 1.5) → A 2 < B 3.1;       {3,4} → A (4.5 vs 1.1) → A 1.5 < B 3.5.
    // Every winner ranks last out of sample: ω = 1/3, logit ln((1/3)/(2/3)) = −ln 2, PBO = 1.
    const returns = Float64Array.of(1, 4, 2, 3, 3, 2.2, 6, 0);
    const r = probabilityOfBacktestOverfitting(returns, 2, 4, 'mean');
    expect(r.splits).toBe(6);
    expect(r.pbo).toBe(1);
    for (const l of r.logits) expect(l).toBeCloseTo(-Math.LN2, 12);
    expect(r.probabilityOfLoss).toBe(0);
    // In/out pairs of the selected trial: (3.5, 1.1), (3.1, 1.5), (3.5, 2.5), (2.6, 2), (4, 2), (4.5, 1.5).
    const x = [3.5, 3.1, 3.5, 2.6, 4, 4.5];
    const y = [1.1, 1.5, 2.5, 2, 2, 1.5];
    const mx = x.reduce((a, b) => a + b) / 6;
    const my = y.reduce((a, b) => a + b) / 6;
    const slope = x.reduce((s, v, i) => s + (v - mx) * (y[i] - my), 0) / x.reduce((s, v) => s + (v - mx) ** 2, 0);
    expect(r.degradationSlope).toBeCloseTo(slope, 12);
    // A trial that wins everywhere is never overfit: PBO 0, logit ln 2.
    const persistent = probabilityOfBacktestOverfitting(Float64Array.of(1, 0, 2, 0, 3, 0, 4, 0), 2, 4, 'mean');
    expect(persistent.pbo).toBe(0);
    expect(persistent.logits[0]).toBeCloseTo(Math.LN2, 12);
  });

  it('is high for pure noise and low when one trial truly has an edge', () => {
    const rng = new Random(3);
    const T = 600;
    const N = 30;
    const noise = Float64Array.from({ length: T * N }, () => 0.01 * rng.normal());
    const r = probabilityOfBacktestOverfitting(noise, N, 10);
    expect(r.splits).toBe(252);
    expect(r.pbo).toBeGreaterThan(0.35);
    const edge = noise.slice();
    for (let t = 0; t < T; t++) edge[t * N + 7] += 0.004;
    const withEdge = probabilityOfBacktestOverfitting(edge, N, 10);
    expect(withEdge.pbo).toBeLessThan(0.05);
    expect(withEdge.probabilityOfLoss).toBe(0);
  });
});
