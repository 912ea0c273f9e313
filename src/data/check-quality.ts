import { Panel } from '../core/panel.js';
import { quantileSorted } from '../core/quantile.js';

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
}

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
  readonly thresholds: { readonly extremeReturn: number; readonly staleDays: number; readonly gapDays: number };
  /** Cells where each `exclude` policy acts: `closes` are set missing, `returns` dropped. */
  readonly exclusions: { readonly closes: ReadonlySet<number>; readonly returns: ReadonlySet<number> };
}

/** Split and reverse-split ratios looked for (1:k and k:1). */
const SPLIT_RATIOS = [2, 3, 4, 5, 8, 10, 20, 50, 100];
/** How close (in log terms) a move must be to ±ln k, after removing the peers' median move. */
const SPLIT_TOLERANCE = 0.03;

/**
 * Scan a panel's closes, asset by asset, for the data problems that make
 * backtests lie:
 * - `nonPositivePrice`: a close ≤ 0;
 * - `split`: a one-bar price ratio within 3% of 1/k or k (k = 2, 3, 4, 5, 8,
 *   10, 20, 50, 100) once the peers' median move that bar is taken out: a
 *   probable unadjusted (reverse) split;
 * - `stale`: `staleDays` or more identical closes in a row;
 * - `extremeReturn`: a move beyond `ln(1 + extremeReturn)` in log terms;
 * - `gap`: `gapDays` or more missing closes inside the asset's listing.
 * Bars that carry a `delisting_return` are the declared exit, not a data error.
 */
export function checkDataQuality(panel: Panel, settings: DataCheckSettings = {}): QualityReport {
  const policies = { ...DEFAULT_CHECK_POLICIES, ...settings.policies };
  const thresholds = { extremeReturn: settings.extremeReturn ?? 1, staleDays: settings.staleDays ?? 5, gapDays: settings.gapDays ?? 3 };
  const { dates, assets } = panel;
  const n = assets.length;
  const T = dates.length;
  const close = panel.field('close');
  const delisting = panel.hasField('delisting_return') ? panel.field('delisting_return') : undefined;
  const issues: DataIssue[] = [];
  const closes = new Set<number>();
  const returns = new Set<number>();
  const add = (issue: DataIssue, cells: { closes?: number[]; returns?: number[] }): void => {
    if (policies[issue.check] === 'ignore') return;
    issues.push(issue);
    if (policies[issue.check] !== 'exclude') return;
    for (const c of cells.closes ?? []) closes.add(c);
    for (const c of cells.returns ?? []) returns.add(c);
  };
  const extreme = Math.log(1 + thresholds.extremeReturn);
  for (let i = 0; i < n; i++) {
    const asset = assets[i];
    let prev = -1;
    let staleStart = -1;
    for (let t = 0; t < T; t++) {
      const cell = t * n + i;
      const c = close[cell];
      if (Number.isNaN(c)) continue;
      if (c <= 0) {
        add({ check: 'nonPositivePrice', asset, date: dates[t], endDate: dates[t], value: c, detail: `close ${c} is not positive` }, { closes: [cell] });
        continue;
      }
      if (prev >= 0) {
        const p = close[prev * n + i];
        const move = Math.log(c / p);
        const declared = delisting !== undefined && !Number.isNaN(delisting[cell]);
        if (t - prev - 1 >= thresholds.gapDays) {
          add({ check: 'gap', asset, date: dates[prev + 1], endDate: dates[t - 1], value: t - prev - 1, detail: `${t - prev - 1} missing closes; the move across the gap is ${(100 * (c / p - 1)).toFixed(1)}%` }, { returns: [cell] });
        }
        if (!declared) {
          // Only a move of at least ln 2 − tolerance can be a split: then look at the peers.
          const peers = Math.abs(move) > Math.log(2) - 2 * SPLIT_TOLERANCE ? peerMedianMove(close, n, t, i) : 0;
          const k = Math.abs(move) > Math.log(2) - 2 * SPLIT_TOLERANCE ? splitRatio(move - peers) : undefined;
          if (k !== undefined) {
            add({ check: 'split', asset, date: dates[t], endDate: dates[t], value: c / p, detail: `close ${p} → ${c} (×${(c / p).toFixed(4)}) while peers moved ${(100 * (Math.exp(peers) - 1)).toFixed(1)}%: probable unadjusted ${k > 1 ? `1-for-${k} reverse split` : `${Math.round(1 / k)}-for-1 split`}` }, { returns: [cell] });
          } else if (Math.abs(move) > extreme) {
            add({ check: 'extremeReturn', asset, date: dates[t], endDate: dates[t], value: c / p - 1, detail: `return ${(100 * (c / p - 1)).toFixed(1)}% beyond the ±${(100 * thresholds.extremeReturn).toFixed(0)}% (log) threshold` }, { returns: [cell] });
          }
        }
        if (c === p) {
          if (staleStart < 0) staleStart = prev;
        } else {
          reportStale(t);
          staleStart = -1;
        }
      }
      prev = t;
    }
    reportStale(T);

    function reportStale(end: number): void {
      if (staleStart < 0) return;
      const run: number[] = [];
      for (let t = staleStart; t < end; t++) if (!Number.isNaN(close[t * n + i])) run.push(t);
      if (run.length < thresholds.staleDays) return;
      add(
        { check: 'stale', asset, date: dates[run[0]], endDate: dates[run[run.length - 1]], value: run.length, detail: `${run.length} identical closes (${close[run[0] * n + i]})` },
        { closes: run.slice(1).map((t) => t * n + i) },
      );
    }
  }
  return { issues, policies, thresholds, exclusions: { closes, returns } };
}

/** The k (or 1/k) a log move is close to, if any. */
function splitRatio(move: number): number | undefined {
  for (const k of SPLIT_RATIOS) {
    if (Math.abs(move + Math.log(k)) < SPLIT_TOLERANCE) return 1 / k;
    if (Math.abs(move - Math.log(k)) < SPLIT_TOLERANCE) return k;
  }
  return undefined;
}

/** The median log move on bar `t` of the other assets with a close on `t` and `t − 1` (0 when there are none). */
function peerMedianMove(close: Float64Array, n: number, t: number, self: number): number {
  const moves: number[] = [];
  for (let j = 0; j < n; j++) {
    if (j === self) continue;
    const a = close[(t - 1) * n + j];
    const b = close[t * n + j];
    if (a > 0 && b > 0) moves.push(Math.log(b / a));
  }
  return moves.length === 0 ? 0 : quantileSorted(Float64Array.from(moves).sort(), 0.5);
}
