import { probabilityOfBacktestOverfitting } from './pbo.js';
import { deflatedSharpeRatio, minimumTrackRecordLength, probabilisticSharpeRatio, sharpeMoments } from './sharpe-tests.js';

export interface FoldOutcome {
  readonly fold: number;
  /** The trial with the best in-sample Sharpe ratio. */
  readonly selected: number;
  readonly inSampleSharpe: number;
  readonly outOfSampleSharpe: number;
}

export interface StudyStats {
  readonly folds: readonly FoldOutcome[];
  /** Annualised Sharpe ratios, averaged over folds, of the selected trials in and out of sample, and out/in. */
  readonly meanInSampleSharpe: number;
  readonly meanOutOfSampleSharpe: number;
  readonly sharpeDecay: number;
  /** Statistics of the stitched out-of-sample path (the selected trial of each fold, fold after fold). */
  readonly oosSharpe: number;
  readonly oosProbabilisticSharpe: number;
  readonly oosDeflatedSharpe: number;
  readonly oosMinTrackRecordBars: number;
  readonly trials: number;
  /** Variance across trials of their out-of-sample Sharpe ratios (per bar), as the DSR uses it. */
  readonly trialSharpeVariance: number;
  readonly pbo: number;
  readonly pboDegradationSlope: number;
  readonly pboProbabilityOfLoss: number;
  readonly pboSplits: number;
  /** The logits of the CSCV splits (their distribution; PBO is the share at or below 0). */
  readonly pboLogits: readonly number[];
}

/**
 * Overfitting diagnostics of a study from its per-trial, per-fold daily
 * returns (`inSample[trial][fold]`, `outOfSample[trial][fold]`).
 * - Selection: in each fold the trial with the best in-sample `selectBy` score; its
 *   out-of-sample returns are stitched into the study's out-of-sample path.
 * - Decay: mean out-of-sample over mean in-sample Sharpe of the selected trials.
 * - PSR and MinTRL of the stitched path; DSR of the stitched path against the
 *   expected maximum Sharpe of all the study's trials, with the variance of
 *   their out-of-sample Sharpe ratios (all per bar, raw kurtosis).
 * - PBO by CSCV on the T × N matrix of every trial's out-of-sample returns
 *   (the test windows, back to back), in `blocks` blocks.
 */
/** How a fold's trial is chosen in sample: best Sharpe ratio, best compounded return, or best Sortino ratio. */
export type SelectionMetric = 'sharpe' | 'return' | 'sortino';

function score(returns: readonly number[], metric: SelectionMetric): number {
  if (metric === 'return') return returns.reduce((g, r) => g * (1 + r), 1) - 1;
  if (metric === 'sortino') {
    const mean = returns.reduce((a, b) => a + b, 0) / returns.length;
    const down = Math.sqrt(returns.reduce((s, r) => s + Math.min(r, 0) ** 2, 0) / returns.length);
    return down > 0 ? mean / down : mean > 0 ? Infinity : 0;
  }
  const sr = sharpeMoments(returns).sharpe;
  return Number.isFinite(sr) ? sr : -Infinity;
}

export function studyStats(
  inSample: ReadonlyArray<ReadonlyArray<readonly number[]>>,
  outOfSample: ReadonlyArray<ReadonlyArray<readonly number[]>>,
  barsPerYear: number,
  blocks = 8,
  selectBy: SelectionMetric = 'sharpe',
): StudyStats {
  const N = inSample.length;
  const F = inSample[0].length;
  const annual = Math.sqrt(barsPerYear);
  const sharpeOf = (r: readonly number[]): number => sharpeMoments(r).sharpe;
  const folds: FoldOutcome[] = Array.from({ length: F }, (_, f) => {
    let best = 0;
    for (let n = 1; n < N; n++) if (score(inSample[n][f], selectBy) > score(inSample[best][f], selectBy)) best = n;
    return { fold: f, selected: best, inSampleSharpe: sharpeOf(inSample[best][f]) * annual, outOfSampleSharpe: sharpeOf(outOfSample[best][f]) * annual };
  });
  const mean = (x: readonly number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
  const meanIn = mean(folds.map((f) => f.inSampleSharpe));
  const meanOut = mean(folds.map((f) => f.outOfSampleSharpe));
  const stitched = folds.flatMap((f) => outOfSample[f.selected][f.fold]);
  const m = sharpeMoments(stitched);
  const paths = outOfSample.map((byFold) => byFold.flat());
  const trialSharpes = paths.map(sharpeOf);
  const ms = mean(trialSharpes);
  const variance = trialSharpes.reduce((s, x) => s + (x - ms) ** 2, 0) / Math.max(1, N - 1);
  const T = paths[0].length;
  const matrix = new Float64Array(T * N);
  paths.forEach((p, n) => p.forEach((r, t) => (matrix[t * N + n] = r)));
  const cap = Math.min(blocks, T);
  const usableBlocks = cap - (cap % 2);
  const pbo = N >= 2 && usableBlocks >= 2 ? probabilityOfBacktestOverfitting(matrix, N, usableBlocks) : undefined;
  return {
    folds,
    meanInSampleSharpe: meanIn,
    meanOutOfSampleSharpe: meanOut,
    sharpeDecay: meanIn !== 0 ? meanOut / meanIn : NaN,
    oosSharpe: m.sharpe * annual,
    oosProbabilisticSharpe: probabilisticSharpeRatio(m.sharpe, m.observations, m.skewness, m.kurtosis),
    oosDeflatedSharpe: N >= 2 ? deflatedSharpeRatio(m.sharpe, m.observations, m.skewness, m.kurtosis, N, variance) : NaN,
    oosMinTrackRecordBars: minimumTrackRecordLength(m.sharpe, m.skewness, m.kurtosis),
    trials: N,
    trialSharpeVariance: variance,
    pbo: pbo?.pbo ?? NaN,
    pboDegradationSlope: pbo?.degradationSlope ?? NaN,
    pboProbabilityOfLoss: pbo?.probabilityOfLoss ?? NaN,
    pboSplits: pbo?.splits ?? 0,
    pboLogits: pbo?.logits ?? [],
  };
}
