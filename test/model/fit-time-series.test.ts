import { describe, expect, it } from 'vitest';
import { ModelError } from '../../src/core/errors.js';
import { fitTimeSeries } from '../../src/model/fit-time-series.js';
import { predictedVariance } from '../../src/model/factor-model.js';

const dates = (t: number): string[] => Array.from({ length: t }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')}`);

describe('fitTimeSeries', () => {
  it('matches the hand-worked simple regression y = 0.6 + 0.8x', () => {
    // x = 1..5, y = 1,3,2,5,4: Sxy = 8, Sxx = 10 → slope 0.8, intercept 0.6;
    // residuals -0.4, 0.8, -1.0, 1.2, -0.6 → RSS 3.6, s² = 3.6/3 = 1.2; TSS 10 → R² 0.64.
    const model = fitTimeSeries({
      asOf: '2024-01-05',
      dates: dates(5),
      assets: ['y'],
      returns: Float64Array.of(1, 3, 2, 5, 4),
      factorReturns: new Map([['x', Float64Array.of(1, 2, 3, 4, 5)]]),
      minObservations: 3,
    });
    expect(model.loadings[0]).toBeCloseTo(0.8, 12);
    expect(model.alpha[0]).toBeCloseTo(0.6, 12);
    expect(model.specificVariance[0]).toBeCloseTo(1.2, 12);
    expect(model.rSquared[0]).toBeCloseTo(0.64, 12);
    // Sample variance of x = 1..5 is 2.5.
    expect(model.factorCovariance[0]).toBeCloseTo(2.5, 12);
  });

  it('recovers an exact two-factor relation per asset and skips missing returns', () => {
    const f1 = Float64Array.of(0.1, -0.2, 0.05, 0.3, -0.1, 0.2, 0.0, -0.05);
    const f2 = Float64Array.of(1, 0, -1, 2, 0.5, -0.5, 1.5, -2);
    const T = f1.length;
    const returns = new Float64Array(T * 2);
    for (let t = 0; t < T; t++) {
      returns[t * 2] = 0.5 + 2 * f1[t] - 3 * f2[t];
      returns[t * 2 + 1] = t === 3 ? NaN : -0.1 + 0.5 * f1[t] + 0.25 * f2[t];
    }
    const model = fitTimeSeries({ asOf: 'x', dates: dates(T), assets: ['a', 'b'], returns, factorReturns: new Map([['f1', f1], ['f2', f2]]), minObservations: 5 });
    expect(Array.from(model.loadings).map((v) => Number(v.toFixed(10)))).toEqual([2, -3, 0.5, 0.25]);
    expect(model.alpha[0]).toBeCloseTo(0.5, 10);
    expect(model.rSquared[0]).toBeCloseTo(1, 10);
    expect(Array.from(model.observations)).toEqual([8, 7]);
  });

  it('leaves out assets with too few observations and counts them', () => {
    const f = Float64Array.of(1, 2, 3, 4, 5, 6);
    const returns = Float64Array.of(1, NaN, 2, NaN, 3, NaN, 4, 1, 5, 2, 6, 3);
    const model = fitTimeSeries({ asOf: 'x', dates: dates(6), assets: ['a', 'b'], returns, factorReturns: new Map([['f', f]]), minObservations: 5 });
    expect(model.observations[1]).toBe(0);
    expect(Number.isNaN(model.loadings[1])).toBe(true);
    expect(model.droppedAssets).toBe(1);
  });

  it('raises ModelError naming a constant factor', () => {
    const input = { asOf: '2024-01-06', dates: dates(6), assets: ['a'], returns: Float64Array.of(1, 2, 3, 4, 5, 6), factorReturns: new Map([['flat', new Float64Array(6).fill(0.01)]]), minObservations: 3 };
    const error = (() => { try { fitTimeSeries(input); } catch (e) { return e; } return undefined; })();
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('singular-factors');
    expect((error as ModelError).message).toMatch(/2024-01-06: factor 'flat' is constant/);
  });

  it('predicts variance w\'BFB\'w + w\'Dw (hand-worked)', () => {
    // One factor with variance 2.5 (x = 1..5); asset loading 0.8, specific variance 1.2:
    // weight 0.5 → 0.25·(0.64·2.5 + 1.2) = 0.25·2.8 = 0.7.
    const model = fitTimeSeries({ asOf: 'x', dates: dates(5), assets: ['y'], returns: Float64Array.of(1, 3, 2, 5, 4), factorReturns: new Map([['x', Float64Array.of(1, 2, 3, 4, 5)]]), minObservations: 3 });
    expect(predictedVariance(model, Float64Array.of(0.5))).toBeCloseTo(0.7, 12);
  });
});
