import { DataError } from '../core/errors.js';
import type { Market, Panel } from '../core/panel.js';
import { checkDataQuality, DATA_CHECKS, type DataCheckSettings, type QualityReport } from './check-quality.js';
import { withReturns } from './derive-returns.js';
import { closesThroughActions } from './load-actions.js';

/** Findings quoted in the error when a check's policy is `error`. */
const QUOTED_FINDINGS = 5;

/**
 * The panel a run trades on: data-quality checks applied with their policies,
 * then returns derived, corrected across the ex-dates of `actions.csv` (unless
 * `dataChecks.actions: 'ignore'`; `notices` say which). `exclude` findings lose their closes (non-positive and
 * stale prices) or their returns (splits, extreme moves, moves across gaps).
 * The result is kept per market and settings and returned again to later runs
 * on the same `Market` object; it must not be modified.
 * @throws DataError `data-quality` when a check whose policy is `error` finds
 *   anything, naming the data, the check, and the first asset-dates
 */
export function preparePanel(market: Market, settings: DataCheckSettings = {}): { panel: Panel; report: QualityReport; notices: readonly string[] } {
  // A study runs hundreds of windows of one market under one strategy's checks: prepare it once.
  const key = JSON.stringify(settings);
  const byMarket = prepared.get(market) ?? new Map<string, { panel: Panel; report: QualityReport; notices: string[] }>();
  prepared.set(market, byMarket);
  const cached = byMarket.get(key);
  if (cached !== undefined) return cached;
  const result = prepareUncached(market, settings);
  byMarket.set(key, result);
  return result;
}

/** Prepared panels per market and check settings; neither is changed once built (runs only read them). */
const prepared = new WeakMap<Market, Map<string, { panel: Panel; report: QualityReport; notices: string[] }>>();

/**
 * The panel the checks judge: closes carried through `actions.csv` (their
 * ratios are the total returns) unless `dataChecks.actions: 'ignore'`, and
 * what was done, said in one notice.
 * @throws DataError `no-actions` for `actions: 'adjust'` without the file
 */
export function checkedPanel(market: Market, settings: DataCheckSettings): { panel: Panel; adjusted: boolean; notices: string[] } {
  if (settings.actions === 'adjust' && market.actions === undefined) {
    throw new DataError('no-actions', { file: market.source }, "dataChecks.actions is 'adjust' but the data has no actions.csv; add the file (date,asset,split_ratio,dividend) or remove the setting");
  }
  const actions = settings.actions === 'ignore' ? undefined : market.actions;
  const notices: string[] = [];
  if (market.actions !== undefined) {
    const { file, splits, dividends } = market.actions;
    notices.push(
      actions === undefined
        ? `${file}: ${splits} split(s) and ${dividends} dividend(s) ignored (dataChecks.actions: 'ignore'): returns are the raw closes' moves`
        : `${file}: ${splits} split(s) and ${dividends} dividend(s) applied to the returns across their ex-dates, point in time (closes stay as traded)`,
    );
  }
  const traded = market.panel;
  const panel = actions === undefined ? traded : traded.withFields(new Map([...traded.fieldMap(), ['close', closesThroughActions(traded.field('close'), traded.assets.length, actions)]]));
  return { panel, adjusted: actions !== undefined, notices };
}

function prepareUncached(market: Market, settings: DataCheckSettings): { panel: Panel; report: QualityReport; notices: string[] } {
  // The checks and the returns read closes carried through past actions; the panel keeps the closes as traded.
  const { panel: throughActions, adjusted, notices } = checkedPanel(market, settings);
  const traded = market.panel;
  const report = checkDataQuality(throughActions, settings);
  for (const check of DATA_CHECKS) {
    if (report.policies[check] !== 'error') continue;
    const found = report.issues.filter((x) => x.check === check);
    if (found.length === 0) continue;
    const quoted = found.slice(0, QUOTED_FINDINGS).map((x) => `${x.asset} on ${x.date}: ${x.detail}`).join('; ');
    throw new DataError(
      'data-quality',
      { file: market.source },
      `${found.length} ${check} finding(s) under policy 'error': ${quoted}${found.length > QUOTED_FINDINGS ? '; …' : ''}. Fix the data, or set dataChecks.policies.${check} to 'exclude' (drop these asset-dates) or 'warn'`,
    );
  }
  const { closes, returns } = report.exclusions;
  const withoutExcluded = (p: Panel): Panel => {
    if (closes.size === 0) return p;
    const close = p.field('close').slice();
    for (const cell of closes) close[cell] = NaN;
    return p.withFields(new Map([...p.fieldMap(), ['close', close]]));
  };
  const derived = withReturns(withoutExcluded(throughActions));
  const panel = !adjusted ? derived : derived.withFields(new Map([...derived.fieldMap(), ['close', withoutExcluded(traded).field('close')]]));
  const ret = panel.field('return');
  for (const cell of returns) ret[cell] = NaN;
  return { panel, report, notices };
}
