import { DataError } from '../core/errors.js';
import type { Market, Panel } from '../core/panel.js';
import { checkDataQuality, DATA_CHECKS, type DataCheckSettings, type QualityReport } from './check-quality.js';
import { withReturns } from './derive-returns.js';

/** Findings quoted in the error when a check's policy is `error`. */
const QUOTED_FINDINGS = 5;

/**
 * The panel a run trades on: data-quality checks applied with their policies,
 * then returns derived. `exclude` findings lose their closes (non-positive and
 * stale prices) or their returns (splits, extreme moves, moves across gaps).
 * The result is kept per market and settings and returned again to later runs
 * on the same `Market` object; it must not be modified.
 * @throws DataError `data-quality` when a check whose policy is `error` finds
 *   anything, naming the data, the check, and the first asset-dates
 */
export function preparePanel(market: Market, settings: DataCheckSettings = {}): { panel: Panel; report: QualityReport } {
  // A study runs hundreds of windows of one market under one strategy's checks: prepare it once.
  const key = JSON.stringify(settings);
  const byMarket = prepared.get(market) ?? new Map<string, { panel: Panel; report: QualityReport }>();
  prepared.set(market, byMarket);
  const cached = byMarket.get(key);
  if (cached !== undefined) return cached;
  const result = prepareUncached(market, settings);
  byMarket.set(key, result);
  return result;
}

/** Prepared panels per market and check settings; neither is changed once built (runs only read them). */
const prepared = new WeakMap<Market, Map<string, { panel: Panel; report: QualityReport }>>();

function prepareUncached(market: Market, settings: DataCheckSettings): { panel: Panel; report: QualityReport } {
  const report = checkDataQuality(market.panel, settings);
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
  const raw = market.panel;
  const fields = raw.fieldMap();
  if (closes.size > 0) {
    const close = raw.field('close').slice();
    for (const cell of closes) close[cell] = NaN;
    fields.set('close', close);
  }
  const panel = withReturns(raw.withFields(fields));
  if (returns.size === 0) return { panel, report };
  const ret = panel.field('return');
  for (const cell of returns) ret[cell] = NaN;
  return { panel, report };
}
