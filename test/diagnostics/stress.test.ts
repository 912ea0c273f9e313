import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { blockBootstrap, factorShocks, worstWindows } from '../../src/diagnostics/stress.js';

describe('factor shocks through the risk model', () => {
  it('moves correlated factors by their conditional expectation (hand-worked)', () => {
    // Market variance 4e-4, momentum 1e-4, covariance −1e-4: a −30% market move
    // drags momentum by (−1e-4 / 4e-4)·(−0.3) = +7.5%. Exposures 0.2 and −0.5:
    // 0.2·(−0.3) + (−0.5)·0.075 = −0.0975.
    const [r] = factorShocks(['market', 'momentum'], Float64Array.of(0.2, -0.5), Float64Array.of(4e-4, -1e-4, -1e-4, 1e-4), [{ name: 'crash', factor: 'market', move: -0.3 }]);
    expect(r.factorMoves[1]).toBeCloseTo(0.075, 15);
    expect(r.portfolioReturn).toBeCloseTo(-0.0975, 15);
    expect(() => factorShocks(['market'], Float64Array.of(1), Float64Array.of(1e-4), [{ name: 'x', factor: 'rates', move: 1 }])).toThrow("names factor 'rates'");
  });
});

describe('worst historical windows', () => {
  it('picks the worst non-overlapping windows of the reference and replays the book over them', () => {
    const dates = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'];
    const reference = Float64Array.of(0.01, -0.1, -0.1, 0.02, -0.05, 0.01);
    // Two assets; the book is long A 0.5, short B 0.5.
    const assets = Float64Array.of(0, 0, -0.2, 0.1, -0.2, 0.1, 0, 0, 0.1, 0, 0, 0);
    const [worst, second] = worstWindows(dates, reference, assets, Float64Array.of(0.5, -0.5), 2, 2);
    expect([worst.start, worst.end]).toEqual(['d1', 'd2']);
    expect(worst.referenceReturn).toBeCloseTo(0.9 * 0.9 - 1, 15);
    // A: 0.5 → 0.5·0.8·0.8 = 0.32; B: −0.5 → −0.5·1.1·1.1 = −0.605: change −0.18 − 0.105 = −0.285.
    expect(worst.portfolioReturn).toBeCloseTo(-0.285, 12);
    // Next worst: d0-d1 (−9.1%) and d2-d3 (−8.2%) overlap the first; d4-d5 (−4.05%) does not.
    expect([second.start, second.end]).toEqual(['d4', 'd5']);
  });
});

describe('stationary block bootstrap', () => {
  it('is reproducible from its seed and brackets the realised path', () => {
    const rng = new Random(1);
    const returns = Array.from({ length: 500 }, () => 0.001 + 0.01 * rng.studentTUnitVariance(4));
    const a = blockBootstrap(returns, new Random(9), 500, 20);
    const b = blockBootstrap(returns, new Random(9), 500, 20);
    expect(a).toEqual(b);
    const realised = returns.reduce((g, r) => g * (1 + r), 1) - 1;
    expect(a.terminalReturn.p05).toBeLessThan(realised);
    expect(a.terminalReturn.p95).toBeGreaterThan(realised);
    expect(a.maxDrawdown.p05).toBeGreaterThan(0);
    expect(a.maxDrawdown.p05).toBeLessThan(a.maxDrawdown.p95);
  });
});
