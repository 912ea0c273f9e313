import { assetVariance, isFitted, predictedVariance, type FactorModel } from './factor-model.js';
import { rankCorrelation } from './rank-correlation.js';

/** How a fit did over the bars that followed it (known only at the next refit). */
export interface ModelEvaluation {
  /** The fit's date. */
  readonly fitDate: string;
  /** Last bar evaluated. */
  readonly through: string;
  readonly bars: number;
  /**
   * Bias statistic of the equal-weighted portfolio of fitted assets: the
   * standard deviation of its returns divided by their predicted volatility.
   * 1 means risk was right; with T bars the 95% band is about `1 ± √(2/T)`.
   */
  readonly biasStatistic: number;
  /** Mean over assets of the same statistic asset by asset (assets with ≥ 2 returns). */
  readonly meanAssetBias: number;
  /** Per factor: rank IC of the fit's loadings against the compounded returns over the period. */
  readonly ic: ReadonlyArray<{ readonly factor: string; readonly ic: number }>;
}

/**
 * Evaluate `model` on the bars after it was fitted: `returns` is `bars × N`
 * (date-major, aligned with `model.assets`) and `dates` their dates.
 * Returns `undefined` when there are no such bars.
 */
export function evaluateModel(model: FactorModel, returns: Float64Array, dates: readonly string[]): ModelEvaluation | undefined {
  const T = dates.length;
  const N = model.assets.length;
  const K = model.factors.length;
  if (T === 0) return undefined;
  const fitted: number[] = [];
  for (let i = 0; i < N; i++) if (isFitted(model, i)) fitted.push(i);
  const ew = new Float64Array(N);
  for (const i of fitted) ew[i] = 1 / fitted.length;
  const portfolioVol = Math.sqrt(predictedVariance(model, ew));
  const standardized: number[] = [];
  for (let t = 0; t < T; t++) {
    let r = 0;
    let present = 0;
    for (const i of fitted) {
      const v = returns[t * N + i];
      if (Number.isNaN(v)) continue;
      r += v;
      present++;
    }
    if (present > 0) standardized.push(r / present / portfolioVol);
  }
  let assetBiasSum = 0;
  let assetCount = 0;
  const growth = new Float64Array(N).fill(NaN);
  for (const i of fitted) {
    const vol = Math.sqrt(assetVariance(model, i));
    const z: number[] = [];
    let g = 1;
    for (let t = 0; t < T; t++) {
      const v = returns[t * N + i];
      if (Number.isNaN(v)) continue;
      z.push(v / vol);
      g *= 1 + v;
    }
    if (z.length > 0) growth[i] = g - 1;
    if (z.length >= 2) {
      assetBiasSum += sampleSd(z);
      assetCount++;
    }
  }
  const loadings = new Float64Array(N);
  const ic = model.factors.map((factor, k) => {
    for (let i = 0; i < N; i++) loadings[i] = model.loadings[i * K + k];
    return { factor, ic: rankCorrelation(loadings, growth) };
  });
  return {
    fitDate: model.asOf,
    through: dates[T - 1],
    bars: T,
    biasStatistic: standardized.length >= 2 ? sampleSd(standardized) : NaN,
    meanAssetBias: assetCount > 0 ? assetBiasSum / assetCount : NaN,
    ic,
  };
}

function sampleSd(x: readonly number[]): number {
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  return Math.sqrt(x.reduce((s, v) => s + (v - mean) ** 2, 0) / (x.length - 1));
}
