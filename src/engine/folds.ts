import { UsageError } from '../core/errors.js';

export interface FoldSettings {
  /** Number of walk-forward folds (default 4). */
  readonly folds?: number;
  /** Bars in each test window (default: the trading period split evenly after the first train window). */
  readonly testBars?: number;
  /** Bars in each train window (default: as long as a test window… times 2). */
  readonly trainBars?: number;
  /** `rolling` (fixed-length train windows) or `anchored` (train from the start; default rolling). */
  readonly scheme?: 'rolling' | 'anchored';
  /** Bars dropped between train and test so labels that overlap the boundary cannot leak (default 0). */
  readonly purgeBars?: number;
  /** Further bars skipped before the test window (default 0). */
  readonly embargoBars?: number;
}

export interface Fold {
  readonly index: number;
  /** Inclusive bar indices into the dates. */
  readonly trainStart: number;
  readonly trainEnd: number;
  readonly testStart: number;
  readonly testEnd: number;
}

/**
 * Walk-forward folds over `bars` bars: test windows tile the end of the period
 * back to back; each train window ends `purgeBars + embargoBars` bars before
 * its test window starts (rolling: `trainBars` long; anchored: from bar 0).
 * @throws UsageError when the settings do not fit the data
 */
export function walkForwardFolds(bars: number, settings: FoldSettings = {}): Fold[] {
  const k = settings.folds ?? 4;
  const gap = (settings.purgeBars ?? 0) + (settings.embargoBars ?? 0);
  if (!(Number.isInteger(k) && k >= 1)) throw new UsageError(`--folds (${k}) must be a positive integer`);
  const test = settings.testBars ?? Math.floor(bars / (k + 2));
  const train = settings.trainBars ?? 2 * test;
  if (!(test >= 2 && train >= 2)) throw new UsageError(`folds: test windows of ${test} bars and train windows of ${train} bars are too short`);
  const firstTest = bars - k * test;
  if (firstTest - gap - train < 0) {
    throw new UsageError(`folds: ${k} test windows of ${test} bars plus a ${train}-bar train window and a ${gap}-bar gap need ${k * test + train + gap} bars; the data has ${bars}`);
  }
  return Array.from({ length: k }, (_, f) => {
    const testStart = firstTest + f * test;
    const trainEnd = testStart - gap - 1;
    return { index: f, trainStart: settings.scheme === 'anchored' ? 0 : trainEnd - train + 1, trainEnd, testStart, testEnd: testStart + test - 1 };
  });
}

/** Every combination of the parameter values, in a fixed order (the first parameter varies slowest). */
export function parameterGrid(params: Readonly<Record<string, readonly (number | string)[]>>): Array<Record<string, number | string>> {
  return Object.entries(params).reduce<Array<Record<string, number | string>>>((grid, [name, values]) => grid.flatMap((combo) => values.map((v) => ({ ...combo, [name]: v }))), [{}]);
}
