import { averageRanks } from '../stats/ranks.js';

export interface PboResult {
  /** Probability of backtest overfitting: the share of splits whose in-sample best ranks in the bottom half out of sample. */
  readonly pbo: number;
  /** Logit `ln(ω/(1 − ω))` of the out-of-sample relative rank ω of each split's in-sample best. */
  readonly logits: readonly number[];
  /** Slope of out-of-sample on in-sample performance of the selected trial across splits (degradation). */
  readonly degradationSlope: number;
  readonly degradationIntercept: number;
  /** Share of splits where the selected trial loses out of sample (performance below 0). */
  readonly probabilityOfLoss: number;
  readonly splits: number;
}

/** Performance of one trial on a set of rows: `sharpe` (mean / sample sd) or `mean`. */
export type PboMetric = 'sharpe' | 'mean';

/**
 * Probability of Backtest Overfitting by combinatorially symmetric
 * cross-validation (Bailey, Borwein, López de Prado and Zhu 2017). `returns`
 * is the T × N matrix of the study's trials (row-major: `returns[t * N + n]`).
 * The rows are cut into `S` contiguous blocks; for every choice of S/2 blocks
 * as the in-sample set (the rest out of sample) the trial with the best
 * in-sample performance is selected, and ω is its out-of-sample rank among
 * the N trials divided by N + 1 (ties at the mean rank). PBO is the share of
 * splits with ω ≤ 1/2 (logit ≤ 0).
 */
export function probabilityOfBacktestOverfitting(returns: Float64Array, trials: number, blocks: number, metric: PboMetric = 'sharpe'): PboResult {
  const N = trials;
  const T = returns.length / N;
  if (!(Number.isInteger(T) && N >= 2)) throw new RangeError(`PBO: a T × N matrix with N >= 2 trials is needed (got ${returns.length} values for ${N} trials)`);
  if (!(Number.isInteger(blocks) && blocks >= 2 && blocks % 2 === 0 && blocks <= T)) throw new RangeError(`PBO: blocks (${blocks}) must be an even integer between 2 and the number of rows (${T})`);
  const edges = Array.from({ length: blocks + 1 }, (_, b) => Math.round((b * T) / blocks));
  const logits: number[] = [];
  const inSample: number[] = [];
  const outSample: number[] = [];
  for (const chosen of combinations(blocks, blocks / 2)) {
    const isRows: number[] = [];
    const oosRows: number[] = [];
    for (let b = 0; b < blocks; b++) for (let t = edges[b]; t < edges[b + 1]; t++) (chosen.includes(b) ? isRows : oosRows).push(t);
    const is = performance(returns, N, isRows, metric);
    const oos = performance(returns, N, oosRows, metric);
    let best = 0;
    for (let n = 1; n < N; n++) if (is[n] > is[best]) best = n;
    const omega = (averageRanks(oos)[best] + 1) / (N + 1);
    logits.push(Math.log(omega / (1 - omega)));
    inSample.push(is[best]);
    outSample.push(oos[best]);
  }
  const splits = logits.length;
  const { slope, intercept } = leastSquares(inSample, outSample);
  return {
    pbo: logits.filter((l) => l <= 0).length / splits,
    logits,
    degradationSlope: slope,
    degradationIntercept: intercept,
    probabilityOfLoss: outSample.filter((x) => x < 0).length / splits,
    splits,
  };
}

function performance(returns: Float64Array, N: number, rows: readonly number[], metric: PboMetric): Float64Array {
  return Float64Array.from({ length: N }, (_, n) => {
    let mean = 0;
    for (const t of rows) mean += returns[t * N + n];
    mean /= rows.length;
    if (metric === 'mean') return mean;
    let ss = 0;
    for (const t of rows) ss += (returns[t * N + n] - mean) ** 2;
    const sd = Math.sqrt(ss / (rows.length - 1));
    return sd > 0 ? mean / sd : 0;
  });
}

/** All k-subsets of 0..n−1, in lexicographic order. */
function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (start: number, chosen: number[]): void => {
    if (chosen.length === k) {
      out.push([...chosen]);
      return;
    }
    for (let i = start; i < n; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return out;
}

function leastSquares(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : NaN;
  return { slope, intercept: my - slope * mx };
}
