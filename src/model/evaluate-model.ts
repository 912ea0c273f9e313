import { assetVariance, isFitted, predictedVariance, type FactorModel } from './factor-model.js';
import { rankCorrelation } from '../stats/ranks.js';

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
  const vol = new Float64Array(N);
  for (const i of fitted) vol[i] = Math.sqrt(assetVariance(model, i));
  // Date-major passes (contiguous reads), each asset's sums in date order as a per-asset loop would take them.
  const standardized: number[] = [];
  const count = new Int32Array(N);
  const sumZ = new Float64Array(N);
  const growth = new Float64Array(N).fill(1);
  for (let t = 0; t < T; t++) {
    let r = 0;
    let present = 0;
    for (const i of fitted) {
      const v = returns[t * N + i];
      if (Number.isNaN(v)) continue;
      r += v;
      present++;
      count[i]++;
      sumZ[i] += v / vol[i];
      growth[i] *= 1 + v;
    }
    if (present > 0) standardized.push(r / present / portfolioVol);
  }
  const squares = new Float64Array(N);
  for (let t = 0; t < T; t++) {
    for (const i of fitted) {
      const v = returns[t * N + i];
      if (Number.isNaN(v) || count[i] < 2) continue;
      squares[i] += (v / vol[i] - sumZ[i] / count[i]) ** 2;
    }
  }
  let assetBiasSum = 0;
  let assetCount = 0;
  for (let i = 0; i < N; i++) {
    growth[i] = count[i] > 0 ? growth[i] - 1 : NaN;
    if (count[i] >= 2) {
      assetBiasSum += Math.sqrt(squares[i] / (count[i] - 1));
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
