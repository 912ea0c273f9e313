import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubjectReport } from './report-model.js';

/** The chart kinds a report draws, for tests and callers that check them. */
export const OVERLAY_CHARTS = ['equity', 'drawdown', 'rolling-sharpe', 'rolling-volatility'] as const;
export const SUBJECT_CHARTS = ['turnover', 'exposures', 'attribution', 'trials', 'pbo', 'stress'] as const;

/** What every factorlab report carries in its head: `report --out` replaces only a file that carries it (or with --force). */

export const REPORT_GENERATOR = 'factorlab report';
type SubjectChart = (typeof SUBJECT_CHARTS)[number];

const SECTIONS: ReadonlyArray<{ readonly chart: SubjectChart; readonly title: string; readonly explain: string; readonly has: (s: SubjectReport) => boolean }> = [
  { chart: 'turnover', title: 'Turnover and costs', explain: 'Bars: daily turnover (Σ|trade| / NAV). Line: cumulative cost as a fraction of the initial NAV (right axis).', has: (s) => s.turnover !== undefined },
  { chart: 'exposures', title: 'Factor exposures', explain: 'The book\'s exposure Σ wᵢ·bᵢₖ to each model factor at each close, with the loadings of the fit in force.', has: (s) => (s.exposures?.dates.length ?? 0) > 0 },
  { chart: 'attribution', title: 'P&L attribution by factor', explain: 'Cumulative contribution of each factor (exposure × factor return) and of the specific (stock-picking) part, as a fraction of NAV.', has: (s) => (s.attribution?.dates.length ?? 0) > 0 },
  { chart: 'trials', title: 'In-sample vs out-of-sample Sharpe per trial', explain: 'One point per trial and fold. Points below the diagonal lost Sharpe out of sample; the selected trials are highlighted.', has: (s) => (s.trials?.length ?? 0) > 0 },
  { chart: 'pbo', title: 'PBO: logit histogram', explain: 'Logits of the out-of-sample rank of the in-sample winner over the CSCV splits; the share at or below 0 is the probability of backtest overfitting.', has: (s) => (s.pbo?.bins.length ?? 0) > 0 },
  { chart: 'stress', title: 'Stress tests', explain: 'Returns under factor shocks, in the worst historical windows and at the bootstrap quantiles (losses in red).', has: (s) => s.stress.length > 0 },
];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function htmlTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const head = `<tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  return `<table><thead>${head}</thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

/** Summary rows of every subject merged by label, one column per subject. */
function summaryTable(subjects: readonly SubjectReport[]): string {
  const labels = [...new Set(subjects.flatMap((s) => s.summary.map(([label]) => label)))];
  const rows = labels.map((label) => [label, ...subjects.map((s) => s.summary.find(([l]) => l === label)?.[1] ?? '')]);
  return htmlTable(['', ...subjects.map((s) => s.title)], rows);
}

function chartBox(chart: string, subject?: number): string {
  return `<div class="chart"><canvas data-chart="${chart}"${subject === undefined ? '' : ` data-subject="${subject}"`} role="img" aria-label="${chart} chart"></canvas></div>`;
}

/** Chart.js's UMD build, without its source-map comment (the file must not ask for anything). */
function chartLibrary(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return readFileSync(join(dirname(entry), 'chart.umd.min.js'), 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px 24px; color: #1d2330; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 17px; margin: 28px 0 6px; border-bottom: 1px solid #d8dce3; padding-bottom: 3px; }
h3 { font-size: 14px; margin: 6px 0; color: #3c4658; }
.meta { color: #5b6578; font-size: 12px; } .note { color: #5b6578; font-size: 12px; margin: 4px 0; }
.chart { position: relative; height: 300px; } .grid { display: grid; gap: 16px; } .cols-2 { grid-template-columns: 1fr 1fr; }
.missing { color: #8a93a3; font-style: italic; font-size: 12px; }
table { border-collapse: collapse; font-size: 12px; margin: 6px 0; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e6e9ee; text-align: right; } th:first-child, td:first-child { text-align: left; }
thead th { background: #f3f5f8; }
@media print { .chart { height: 240px; break-inside: avoid; } }
`;

export interface RenderOptions {
  /** Shown in the header; pass a fixed value for reproducible files. */
  readonly generatedAt: string;
  readonly codeVersion: string;
}

/**
 * One self-contained HTML file for one or two subjects (runs or studies): the
 * data as embedded JSON, Chart.js and the drawing script inline; it loads
 * nothing from anywhere.
 */
export function renderReport(subjects: readonly SubjectReport[], options: RenderOptions): string {
  if (subjects.length === 0) throw new RangeError('renderReport needs at least one run or study');
  const title = subjects.map((s) => s.title).join(' vs ');
  const cols = subjects.length > 1 ? ' cols-2' : '';
  const perSubject = (render: (s: SubjectReport, k: number) => string): string =>
    `<div class="grid${cols}">${subjects.map((s, k) => `<div>${subjects.length > 1 ? `<h3>${escapeHtml(s.title)}</h3>` : ''}${render(s, k)}</div>`).join('')}</div>`;
  const overlay = (chart: string, heading: string, explain: string): string => `<section><h2>${heading}</h2>${chartBox(chart)}<p class="note">${explain}</p></section>`;
  const window = [...new Set(subjects.map((s) => s.rollingWindowBars))].join(' / ');
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">factorlab report, generated ${escapeHtml(options.generatedAt)} by factorlab ${escapeHtml(options.codeVersion)}</p></header>`,
    `<section><h2>Provenance</h2>${perSubject((s) => `${htmlTable(['', ''], s.provenance)}${s.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('')}`)}</section>`,
    `<section><h2>Summary</h2>${summaryTable(subjects)}</section>`,
    overlay('equity', 'Equity curve (growth of 1, after costs)', 'Solid: out of sample. Grey dashed: in sample.'),
    overlay('drawdown', 'Drawdown', 'Fall from the running peak of the equity curve.'),
    overlay('rolling-sharpe', 'Rolling Sharpe ratio', `Annualised, over a trailing window of a quarter of a year (${window} bars).`),
    overlay('rolling-volatility', 'Rolling volatility', `Annualised standard deviation of daily returns over the same window (${window} bars).`),
    ...SECTIONS.filter((section) => subjects.some(section.has)).map(
      (section) => `<section><h2>${section.title}</h2>${perSubject((s, k) => (section.has(s) ? chartBox(section.chart, k) : `<p class="missing">not recorded for this ${s.kind}</p>`))}<p class="note">${escapeHtml(section.explain)}</p></section>`,
    ),
    `<section><h2>Stress scenarios</h2>${perSubject((s) => htmlTable(['Scenario', 'Return'], s.stress.map((x) => [`${x.group}: ${x.name}`, `${(x.value * 100).toFixed(2)}%`])))}</section>`,
    ...(subjects.some((s) => s.tables.length > 0) ? [`<section><h2>Tables</h2>${perSubject((s) => s.tables.map((t) => `<h3>${escapeHtml(t.title)}</h3>${htmlTable(t.header, t.rows)}`).join(''))}</section>`] : []),
  ].join('\n');
  const json = JSON.stringify({ subjects }).replace(/</g, '\\u003c');
  const client = readFileSync(fileURLToPath(new URL('./report-client.js', import.meta.url)), 'utf8');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="${REPORT_GENERATOR}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script id="report-data" type="application/json">${json}</script>
<script>${chartLibrary()}</script>
<script>${client}</script>
</body>
</html>
`;
}
