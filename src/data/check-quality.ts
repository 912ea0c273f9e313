import { Panel } from '../core/panel.js';

/** The data-quality checks, in the order they are reported. */
export const DATA_CHECKS = ['nonPositivePrice', 'split', 'stale', 'extremeReturn', 'gap'] as const;
export type DataCheck = (typeof DATA_CHECKS)[number];

/**
 * What a check's findings do to a run: `error` stops it before it starts,
 * `exclude` reports them and removes the affected asset-dates, `warn` reports
 * them only, `ignore` does neither.
 */
export type CheckPolicy = 'error' | 'exclude' | 'warn' | 'ignore';
export const CHECK_POLICIES: readonly CheckPolicy[] = ['error', 'exclude', 'warn', 'ignore'];

export interface DataCheckSettings {
  readonly policies?: Partial<Record<DataCheck, CheckPolicy>>;
  /** A close-to-close move beyond `ln(1 + x)` in log terms is extreme (default 1: above +100% or below −50%). */
  readonly extremeReturn?: number;
  /** This many identical closes in a row are stale (default 5). */
  readonly staleDays?: number;
  /** This many missing closes in a row inside an asset's listing are a gap (default 3). */
  readonly gapDays?: number;
  /**
   * Which closes of a stale run `exclude` removes. `point-in-time` (default):
   * those from the `staleDays`-th identical close on, the first bar at which
   * the run is known to be stale from data up to that bar. `ex-post`: every
   * repeat after the first close, judged with the closes that follow it (a
   * cleaning that looks ahead; recorded as such in the run's data-quality report).
   */
  readonly staleExclusion?: StaleExclusion;
  /**
   * What `actions.csv` does: `adjust` (the default when the file exists)
   * corrects each ex-date's return for its split and dividend, point in time
   * (closes stay as traded; the checks judge the corrected moves); `ignore`
   * leaves the raw closes' moves, said in the run. `adjust` without the file is an error.
   */
  readonly actions?: 'adjust' | 'ignore';
}

export type StaleExclusion = 'point-in-time' | 'ex-post';
export const STALE_EXCLUSIONS: readonly StaleExclusion[] = ['point-in-time', 'ex-post'];

/**
 * Defaults: a non-positive price stops the run; everything else is reported and
 * recorded but does not change the data, so a default run never trades on data
 * it silently altered. Set `exclude` to drop the findings.
 */
export const DEFAULT_CHECK_POLICIES: Readonly<Record<DataCheck, CheckPolicy>> = {
  nonPositivePrice: 'error',
  split: 'warn',
  stale: 'warn',
  extremeReturn: 'warn',
  gap: 'warn',
};

/** One finding: a check, an asset and the dates it covers. */
export interface DataIssue {
  readonly check: DataCheck;
  readonly asset: string;
  readonly date: string;
  /** Last date covered (the same as `date` for one-bar findings). */
  readonly endDate: string;
  /** The offending number: the close, the price ratio, the return, or the run length. */
  readonly value: number;
  readonly detail: string;
}

export interface QualityReport {
  readonly issues: readonly DataIssue[];
  readonly policies: Readonly<Record<DataCheck, CheckPolicy>>;
  readonly thresholds: { readonly extremeReturn: number; readonly staleDays: number; readonly gapDays: number; readonly staleExclusion: StaleExclusion };
  /** Cells where each `exclude` policy acts: `closes` are set missing, `returns` dropped. */
  readonly exclusions: { readonly closes: ReadonlySet<number>; readonly returns: ReadonlySet<number> };
}

/**
 * The price ratios (after / before) of the splits looked for: k-for-1 splits
 * (1/k), 1-for-k reverse splits (k), and the fractional ones vendors see most
 * (3-for-2, 4-for-3, 5-for-4, 5-for-2 and their reverses).
 */
const SPLIT_RATIOS: ReadonlyArray<{ readonly ratio: number; readonly label: string; readonly needsCap: boolean }> = [
  ...[2, 3, 4, 5, 8, 10, 20, 50, 100].flatMap((k) => [
    { ratio: 1 / k, label: `${k}-for-1 split`, needsCap: false },
    { ratio: k, label: `1-for-${k} reverse split`, needsCap: false },
  ]),
  // Moves of 20-50% are common in volatile markets: these count as splits only when the market cap confirms.
  ...[
    [3, 2],
    [4, 3],
    [5, 4],
    [5, 2],
  ].flatMap(([a, b]) => [
    { ratio: b / a, label: `${a}-for-${b} split`, needsCap: true },
    { ratio: a / b, label: `${b}-for-${a} reverse split`, needsCap: true },
  ]),
];
/** How close (in log terms) a move must be to a split's log ratio, after removing the peers' median move; wider on a dispersed day. */
const SPLIT_TOLERANCE = 0.03;
const MAX_SPLIT_TOLERANCE = 0.08;
/** The smallest split move looked for: 5-for-4, ln 1.25. */
const SMALLEST_SPLIT = Math.log(1.25);

/**
 * Scan a panel's closes, asset by asset, for the data problems that make
 * backtests lie:
 * - `nonPositivePrice`: a close ≤ 0;
 * - `split`: a one-bar price ratio within 3% (in log terms; up to 8% on a
 *   dispersed day: 1.5 × the bar's median absolute deviation) of a split's
 *   ratio (k-for-1 and 1-for-k, k = 2, 3, 4, 5, 8, 10, 20, 50, 100; 3-for-2,
 *   4-for-3, 5-for-4, 5-for-2 and their reverses, only where a market cap can
 *   confirm them) once the median move of the bar is taken out, unless the
 *   market cap moved with the price (a real fall, reported as an extreme move
 *   if it is one): a probable unadjusted split;
 * - `stale`: `staleDays` or more identical closes in a row (under `exclude`,
 *   the closes from the `staleDays`-th on, unless `staleExclusion: 'ex-post'`);
 * - `extremeReturn`: a move beyond `ln(1 + extremeReturn)` in log terms;
 * - `gap`: `gapDays` or more missing closes inside the asset's listing.
 * Bars that carry a `delisting_return` are the declared exit, not a data error.
 */
export function checkDataQuality(panel: Panel, settings: DataCheckSettings = {}): QualityReport {
  const policies = { ...DEFAULT_CHECK_POLICIES, ...settings.policies };
  const thresholds = { extremeReturn: settings.extremeReturn ?? 1, staleDays: settings.staleDays ?? 5, gapDays: settings.gapDays ?? 3, staleExclusion: settings.staleExclusion ?? 'point-in-time' };
  // Point in time, a run is known to be stale only at its staleDays-th identical close.
  const firstExcluded = thresholds.staleExclusion === 'ex-post' ? 1 : thresholds.staleDays - 1;
  const { dates, assets } = panel;
  const n = assets.length;
  const T = dates.length;
  const close = panel.field('close');
  const delisting = panel.hasField('delisting_return') ? panel.field('delisting_return') : undefined;
  // One date-major pass (contiguous reads) with per-asset state; findings are
  // kept per asset and concatenated, so they come out asset by asset in date order.
  const found: Array<DataIssue[] | undefined> = new Array<DataIssue[] | undefined>(n);
  const closes = new Set<number>();
  const returns = new Set<number>();
  const add = (i: number, issue: DataIssue, cells: { closes?: number[]; returns?: number[] }): void => {
    if (policies[issue.check] === 'ignore') return;
    (found[i] ??= []).push(issue);
    if (policies[issue.check] !== 'exclude') return;
    for (const c of cells.closes ?? []) closes.add(c);
    for (const c of cells.returns ?? []) returns.add(c);
  };
  const reportStale = (i: number, from: number, end: number): void => {
    const run: number[] = [];
    for (let t = from; t < end; t++) if (!Number.isNaN(close[t * n + i])) run.push(t);
    if (run.length < thresholds.staleDays) return;
    add(
      i,
      { check: 'stale', asset: assets[i], date: dates[run[0]], endDate: dates[run[run.length - 1]], value: run.length, detail: `${run.length} identical closes (${close[run[0] * n + i]})` },
      { closes: run.slice(firstExcluded).map((t) => t * n + i) },
    );
  };
  const extreme = Math.log(1 + thresholds.extremeReturn);
  const caps = panel.hasField('market_cap') ? panel.field('market_cap') : undefined;
  const splitMove = SMALLEST_SPLIT - MAX_SPLIT_TOLERANCE;
  const integerSplitMove = Math.log(2) - MAX_SPLIT_TOLERANCE;
  // Ratios strictly inside these (by 1e-12, far beyond rounding) have |ln ratio| below both thresholds.
  const quiet = Math.min(splitMove, extreme);
  const quietHigh = Math.exp(quiet) * (1 - 1e-12);
  const quietLow = Math.exp(-quiet) * (1 + 1e-12);
  const prevBar = new Int32Array(n).fill(-1);
  // The assets' moves on a bar (median, MAD), computed once per bar that has a split candidate.
  let peersBar = -1;
  const scratch = new Float64Array(n);
  let peersOfBar: BarMoves = { ratios: new Float64Array(0), mad: 0 };
  const sortedScratch = new Float64Array(n);
  const staleStart = new Int32Array(n).fill(-1);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < n; i++) {
      const cell = t * n + i;
      const c = close[cell];
      if (Number.isNaN(c)) continue;
      if (c <= 0) {
        add(i, { check: 'nonPositivePrice', asset: assets[i], date: dates[t], endDate: dates[t], value: c, detail: `close ${c} is not positive` }, { closes: [cell] });
        continue;
      }
      const prev = prevBar[i];
      prevBar[i] = t;
      if (prev < 0) continue;
      const p = close[prev * n + i];
      if (t - prev - 1 >= thresholds.gapDays) {
        add(i, { check: 'gap', asset: assets[i], date: dates[prev + 1], endDate: dates[t - 1], value: t - prev - 1, detail: `${t - prev - 1} missing closes; the move across the gap is ${(100 * (c / p - 1)).toFixed(1)}%` }, { returns: [cell] });
      }
      // Most moves are well inside both thresholds: the ratio says so without a logarithm.
      const ratio = c / p;
      const inside = ratio > quietLow && ratio < quietHigh;
      if (!inside && (delisting === undefined || Number.isNaN(delisting[cell]))) {
        const move = Math.log(ratio);
        // Only a move of at least ln 1.25 − tolerance can be a split: then look at the peers, and at the
        // market cap, which a split leaves unchanged and a real fall takes down with the price.
        const capMove = caps === undefined ? NaN : Math.log(caps[cell] / caps[prev * n + i]);
        if (Math.abs(move) > (Number.isFinite(capMove) ? splitMove : integerSplitMove) && peersBar !== t) {
          peersOfBar = barMoves(close, n, t, sortedScratch, scratch);
          peersBar = t;
        }
        const peers = Math.abs(move) > (Number.isFinite(capMove) ? splitMove : integerSplitMove) ? { median: medianLogMove(peersOfBar, prev === t - 1 ? ratio : -1), mad: peersOfBar.mad } : undefined;
        const split = peers === undefined ? undefined : splitOf(move - peers.median, Math.min(MAX_SPLIT_TOLERANCE, Math.max(SPLIT_TOLERANCE, 1.5 * peers.mad)), Number.isFinite(capMove));
        const realMove = Number.isFinite(capMove) && Math.abs(capMove - (peers?.median ?? 0)) > 0.5 * Math.abs(move - (peers?.median ?? 0));
        if (split !== undefined && peers !== undefined && !realMove) {
          const evidence = Number.isFinite(capMove) ? `market cap moved ${(100 * (Math.exp(capMove) - 1)).toFixed(1)}%` : 'no market cap to confirm';
          add(i, { check: 'split', asset: assets[i], date: dates[t], endDate: dates[t], value: c / p, detail: `close ${p} → ${c} (×${(c / p).toFixed(4)}) while peers moved ${(100 * (Math.exp(peers.median) - 1)).toFixed(1)}% and ${evidence}: probable unadjusted ${split}` }, { returns: [cell] });
        } else if (Math.abs(move) > extreme) {
          add(i, { check: 'extremeReturn', asset: assets[i], date: dates[t], endDate: dates[t], value: c / p - 1, detail: `return ${(100 * (c / p - 1)).toFixed(1)}% beyond the ±${(100 * thresholds.extremeReturn).toFixed(0)}% (log) threshold` }, { returns: [cell] });
        }
      }
      if (c === p) {
        if (staleStart[i] < 0) staleStart[i] = prev;
      } else if (staleStart[i] >= 0) {
        reportStale(i, staleStart[i], t);
        staleStart[i] = -1;
      }
    }
  }
  for (let i = 0; i < n; i++) if (staleStart[i] >= 0) reportStale(i, staleStart[i], T);
  const issues = found.flatMap((list) => list ?? []);
  return { issues, policies, thresholds, exclusions: { closes, returns } };
}

/** The split whose log ratio a (market-adjusted) log move is within `tolerance` of, the nearest, if any. */
function splitOf(move: number, tolerance: number, hasCap: boolean): string | undefined {
  let best: string | undefined;
  let bestGap = tolerance;
  for (const s of SPLIT_RATIOS) {
    if (s.needsCap && !hasCap) continue;
    const gap = Math.abs(move - Math.log(s.ratio));
    if (gap < bestGap) {
      best = s.label;
      bestGap = gap;
    }
  }
  return best;
}

/**
 * The median log move on bar `t` of the assets with a close on `t` and `t − 1`
 * (the candidate among them: one asset barely moves a median), and the median
 * absolute deviation around it (0 and 0 when there are none).
 */
function barMoves(close: Float64Array, n: number, t: number, sorted: Float64Array, scratch: Float64Array): BarMoves {
  let m = 0;
  for (let j = 0; j < n; j++) {
    const a = close[(t - 1) * n + j];
    const b = close[t * n + j];
    if (a > 0 && b > 0) sorted[m++] = b / a;
  }
  const ratios = sorted.subarray(0, m).sort();
  if (m === 0) return { ratios, mad: 0 };
  // The dispersion in log terms from ratios: max(x/med, med/x) orders |ln x − ln med|.
  const mid = medianOfSorted(ratios, -1);
  for (let k = 0; k < m; k++) scratch[k] = ratios[k] > mid ? ratios[k] / mid : mid / ratios[k];
  return { ratios, mad: Math.log(medianOfSorted(scratch.subarray(0, m).sort(), -1)) };
}

/** A bar's ratios of close to previous close, sorted, and the median absolute deviation of their logarithms. */
interface BarMoves {
  readonly ratios: Float64Array;
  readonly mad: number;
}

/**
 * The median log move of a bar's other assets: ln of the median of the sorted
 * ratios with the one at `skip` left out (-1: none left out), the geometric mean
 * of the middle two for an even count (so it is the median of the logarithms). 0 with none.
 */
function medianLogMove(bar: BarMoves, self: number): number {
  const skip = self > 0 ? lowerBound(bar.ratios, self) : -1;
  const left = skip >= 0 && skip < bar.ratios.length && bar.ratios[skip] === self ? skip : -1;
  const m = bar.ratios.length - (left >= 0 ? 1 : 0);
  return m === 0 ? 0 : Math.log(medianOfSorted(bar.ratios, left));
}

/** The median of a sorted positive array without its element at `skip` (-1: all), geometric for an even count. */
function medianOfSorted(a: Float64Array, skip: number): number {
  const m = a.length - (skip >= 0 ? 1 : 0);
  const at = (i: number): number => a[skip >= 0 && i >= skip ? i + 1 : i];
  return m % 2 === 1 ? at((m - 1) >> 1) : Math.sqrt(at(m / 2 - 1) * at(m / 2));
}

/** The first index whose value is not below `x`. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

