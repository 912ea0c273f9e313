import { checkDataQuality, DATA_CHECKS, type DataCheckSettings } from '../data/check-quality.js';
import { loadMarket } from '../data/load-market.js';
import { checkedPanel } from '../data/prepare-panel.js';
import { integerFlag, numberFlag } from './flags.js';
import { table } from './format.js';
import { definedFields } from '../core/defined-fields.js';

export interface CheckDataOptions {
  readonly path: string;
  readonly json: boolean;
  readonly extremeReturn?: string;
  readonly staleDays?: string;
  readonly gapDays?: string;
  /** Print every finding instead of the first 40. */
  readonly all: boolean;
}

const SHOWN = 40;

/** `factorlab check-data`: load a market and print its data-quality report. */
export function checkDataCommand(options: CheckDataOptions): void {
  const extremeReturn = numberFlag('--extreme', options.extremeReturn, { above: 0 });
  const staleDays = integerFlag('--stale-days', options.staleDays, 1);
  const gapDays = integerFlag('--gap-days', options.gapDays, 1);
  const settings: DataCheckSettings = {
    ...definedFields({ extremeReturn, staleDays, gapDays }),
  };
  const market = loadMarket(options.path);
  const checked = checkedPanel(market, settings);
  const report = checkDataQuality(checked.panel, settings);
  const { panel } = market;
  const notices = [...(market.notices ?? []), ...checked.notices];
  const contents = {
    fields: panel.fieldNames,
    labels: Object.fromEntries(panel.labelNames.map((l) => [l, panel.label(l).categories.length])),
    series: market.series.names,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ data: market.source, fingerprint: market.fingerprint, ...contents, notices, thresholds: report.thresholds, defaultPolicies: report.policies, issues: report.issues }, null, 2)}\n`);
    return;
  }
  const labels = panel.labelNames.map((l) => `${l} (${panel.label(l).categories.length} categories)`);
  const counts = DATA_CHECKS.map((c) => [c, String(report.issues.filter((x) => x.check === c).length), report.policies[c]]);
  const shown = options.all ? report.issues : report.issues.slice(0, SHOWN);
  const findings = shown.map((x) => [x.check, x.asset, x.date === x.endDate ? x.date : `${x.date} .. ${x.endDate}`, x.detail]);
  const t = report.thresholds;
  process.stdout.write(
    [
      `${market.source}: ${panel.assets.length} assets × ${panel.dates.length} dates (${panel.dates[0]} .. ${panel.dates[panel.dates.length - 1]})`,
      `fields: ${contents.fields.join(', ')}${labels.length === 0 ? '' : `; labels: ${labels.join(', ')}`}; series: ${contents.series.join(', ') || 'none'}`,
      ...notices.map((x) => `notice: ${x}`),
      `thresholds: extreme move beyond ±${(100 * t.extremeReturn).toFixed(0)}% (log), stale after ${t.staleDays} identical closes (excluded ${t.staleExclusion}), gap from ${t.gapDays} missing closes`,
      '',
      table(['Check', 'Findings', 'Default policy'], counts),
      '',
      findings.length === 0 ? 'no findings' : table(['Check', 'Asset', 'Date', 'Detail'], findings, true),
      report.issues.length > shown.length ? `… ${report.issues.length - shown.length} more (--all to list them, --json for everything)` : '',
    ].join('\n') + '\n',
  );
}
