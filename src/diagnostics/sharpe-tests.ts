import { centralMoments } from '../stats/moments.js';
import { normalCdf, normalQuantile } from '../stats/normal.js';

/** Euler-Mascheroni constant. */
const EULER_GAMMA = 0.5772156649015329;

/**
 * The moments the Sharpe-ratio tests need, from per-bar returns: the Sharpe
 * ratio per bar (not annualised), skewness and **raw** kurtosis (3 for a
 * normal distribution; not excess kurtosis), both population moments.
 */
export function sharpeMoments(returns: ArrayLike<number>): { sharpe: number; skewness: number; kurtosis: number; observations: number } {
  const n = returns.length;
  const { mean, m2, m3, m4 } = centralMoments(returns);
  const sd = Math.sqrt((m2 * n) / (n - 1));
  return { sharpe: sd > 0 ? mean / sd : NaN, skewness: m2 > 0 ? m3 / m2 ** 1.5 : NaN, kurtosis: m2 > 0 ? m4 / (m2 * m2) : NaN, observations: n };
}

/** `1 − γ₃·SR + (γ₄ − 1)/4·SR²`: the variance factor of the Sharpe estimate (γ₄ raw kurtosis). */
function sharpeVarianceFactor(sharpe: number, skewness: number, kurtosis: number): number {
  return 1 - skewness * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
}

/**
 * Probabilistic Sharpe Ratio (Bailey and López de Prado 2012): the probability
 * that the true Sharpe ratio exceeds `benchmark`, given the per-bar estimate
 * from `observations` returns with that skewness and **raw** kurtosis:
 * `Φ((SR − SR*)·√(T − 1) / √(1 − γ₃SR + (γ₄ − 1)/4·SR²))`.
 */
export function probabilisticSharpeRatio(sharpe: number, observations: number, skewness: number, kurtosis: number, benchmark = 0): number {
  return normalCdf(((sharpe - benchmark) * Math.sqrt(observations - 1)) / Math.sqrt(sharpeVarianceFactor(sharpe, skewness, kurtosis)));
}

/**
 * Expected maximum Sharpe ratio among `trials` independent trials with no
 * skill whose Sharpe estimates have variance `variance` (Bailey and López de
 * Prado 2014): `√V·((1 − γ)Φ⁻¹(1 − 1/N) + γΦ⁻¹(1 − 1/(N·e)))`, γ the
 * Euler-Mascheroni constant. Per-bar units in, per-bar units out.
 */
export function expectedMaxSharpe(trials: number, variance: number): number {
  if (!(trials >= 2)) throw new RangeError(`expectedMaxSharpe: trials (${trials}) must be at least 2`);
  return Math.sqrt(variance) * ((1 - EULER_GAMMA) * normalQuantile(1 - 1 / trials) + EULER_GAMMA * normalQuantile(1 - 1 / (trials * Math.E)));
}

/**
 * Deflated Sharpe Ratio (Bailey and López de Prado 2014): the PSR against the
 * expected maximum Sharpe of the study's `trials`, whose Sharpe ratios varied
 * with `trialVariance` (both per bar).
 */
export function deflatedSharpeRatio(sharpe: number, observations: number, skewness: number, kurtosis: number, trials: number, trialVariance: number): number {
  return probabilisticSharpeRatio(sharpe, observations, skewness, kurtosis, expectedMaxSharpe(trials, trialVariance));
}

/**
 * Minimum track record length (Bailey and López de Prado 2012): the number of
 * returns needed for the PSR against `benchmark` to reach `confidence`:
 * `1 + (1 − γ₃SR + (γ₄ − 1)/4·SR²)·(Φ⁻¹(confidence)/(SR − SR*))²`.
 * Infinite when the Sharpe ratio does not exceed the benchmark.
 */
export function minimumTrackRecordLength(sharpe: number, skewness: number, kurtosis: number, benchmark = 0, confidence = 0.95): number {
  if (!(sharpe > benchmark)) return Infinity;
  return 1 + sharpeVarianceFactor(sharpe, skewness, kurtosis) * (normalQuantile(confidence) / (sharpe - benchmark)) ** 2;
}
