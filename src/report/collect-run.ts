import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { percent } from '../core/format-number.js';
import { withReturns } from '../data/derive-returns.js';
import { loadRecordedMarket } from '../data/load-market.js';
import { stressBook } from '../diagnostics/stress-book.js';
import type { BootstrapResult } from '../diagnostics/stress.js';
import type { Db } from '../store/open-database.js';
import { readRun } from '../store/read-run.js';
import { fitLoadingsReader, holdingRows, readAttribution, readDaily, readFitHeads, readRunMetrics, readRunRecord } from '../store/read-run-rows.js';
import { summaryRows } from './metric-labels.js';
import type { FactorPanel, StressScenario, SubjectReport } from './report-model.js';
import { drawdownCurve, equityCurve, rollingStats } from './report-series.js';
import { definedFields } from '../core/defined-fields.js';

export interface CollectOptions {
  /** Bars on or before this date are marked in sample (runs only). */
  readonly inSampleUntil?: string;
  /** Block-bootstrap paths for the stress section. */
  readonly bootstrapSamples: number;
}

/** A quarter of a year of bars (at least 20): the window of the rolling Sharpe ratio and volatility. */
export function rollingWindowBars(barsPerYear: number): number {
  return Math.max(20, Math.round(barsPerYear / 4));
}

/** The bootstrap's 5% terminal return and 95% drawdown (as a loss), as stress rows. */
export function bootstrapScenarios(b: BootstrapResult): StressScenario[] {
  return [
    { group: 'Block bootstrap, 5% quantile', name: 'terminal return', value: b.terminalReturn.p05 },
    { group: 'Block bootstrap, 95% quantile', name: 'max drawdown (as a loss)', value: -b.maxDrawdown.p95 },
  ];
}

/** The book's model-factor exposures on every stored day, with the loadings of the last fit on or before it. */
function bookExposures(db: Db, runId: number): FactorPanel {
  const fits = readFitHeads(db, runId);
  const factors = [...new Set(fits.flatMap((f) => f.factors))];
  const loadingsAt = fitLoadingsReader(db, runId, factors);
  const loadingsOf = new Map(fits.map((fit) => [fit.date, loadingsAt(fit.date)]));
  const dates: string[] = [];
  const values = factors.map((): Array<number | null> => []);
  let fitIndex = -1;
  let current: { date: string; sums: Float64Array } | undefined;
  const flush = (): void => {
    if (current === undefined) return;
    dates.push(current.date);
    current.sums.forEach((s, k) => values[k].push(s));
  };
  for (const row of holdingRows(db, runId)) {
    if (current?.date !== row.date) {
      flush();
      while (fitIndex + 1 < fits.length && fits[fitIndex + 1].date <= row.date) fitIndex++;
      current = { date: row.date, sums: new Float64Array(factors.length) };
    }
    const b = fitIndex < 0 ? undefined : loadingsOf.get(fits[fitIndex].date)?.get(row.asset);
    if (b !== undefined) for (let k = 0; k < factors.length; k++) if (Number.isFinite(b[k])) current.sums[k] += row.weight * b[k];
  }
  flush();
  return { dates, factors, values };
}

/** Cumulative P&L contribution of each attributed factor (and `specific`). */
function cumulativeAttribution(db: Db, runId: number): FactorPanel {
  const rows = readAttribution(db, runId);
  const factors = [...new Set(rows.map((r) => r.factor))];
  const dates = [...new Set(rows.map((r) => r.date))];
  const at = new Map(dates.map((d, t) => [d, t]));
  const daily = factors.map(() => new Float64Array(dates.length));
  for (const r of rows) daily[factors.indexOf(r.factor)][at.get(r.date) ?? 0] += r.contribution;
  const values = daily.map((d) => {
    let sum = 0;
    return Array.from(d, (x) => (sum += x));
  });
  return { dates, factors, values };
}

/**
 * Everything a report shows of one stored run: daily NAV and returns, rolling
 * statistics, exposures, turnover and costs, attribution, stress scenarios and
 * the stored summary.
 * @throws UsageError when the run is missing or has no bars
 */
export function collectRun(db: Db, runId: number, options: CollectOptions): SubjectReport {
  const run = readRunRecord(db, runId);
  if (run === undefined) throw new UsageError(`run ${runId} is not in this database (factorlab runs lists them)`);
  const daily = readDaily(db, runId);
  if (daily.length === 0) throw new UsageError(`run ${runId} has no bars stored, so there is nothing to report`);
  const metrics = readRunMetrics(db, runId);
  const config = JSON.parse(run.configJson) as { description?: string; initialNav?: number };
  const dates = daily.map((d) => d.date);
  const returns = daily.map((d) => d.netReturn);
  const barsPerYear = metrics.get('barsPerYear') ?? 252;
  const window = rollingWindowBars(barsPerYear);
  const rolling = rollingStats(returns, window, barsPerYear);
  const equity = equityCurve(returns);
  const initialNav = daily[0].nav / (1 + daily[0].netReturn);
  let cost = 0;
  const cumulativeCost = daily.map((d) => (cost += d.cost / initialNav));

  const stored = readRun(db, runId);
  const stress: StressScenario[] = [];
  const notes: string[] = [
    options.inSampleUntil === undefined
      ? 'Every bar of a walk-forward run is out of sample for its model: each fit uses only data before the bar. Pass --in-sample-until to mark the period the strategy was designed on.'
      : `Bars on or before ${options.inSampleUntil} are marked in sample (--in-sample-until).`,
  ];
  if (existsSync(stored.dataSource)) {
    const panel = withReturns(loadRecordedMarket(stored).panel);
    const result = stressBook({ panel, holdings: stored.holdings, netReturns: stored.netReturns, samples: options.bootstrapSamples, meanBlockBars: 20, seed: 1, ...definedFields({ fit: stored.fit }) });
    for (const s of result.shocks) stress.push({ group: 'Factor shock (last book, last risk model)', name: s.name, value: s.portfolioReturn });
    for (const w of result.worstWindows) stress.push({ group: `Worst ${w.bars}-bar market window, book held`, name: `${w.start}..${w.end} (market ${percent(w.referenceReturn, 1)})`, value: w.portfolioReturn });
    stress.push(...bootstrapScenarios(result.bootstrap));
  } else {
    notes.push(`The run's data (${stored.dataSource}) is not on this machine, so the stress section is empty.`);
  }

  const years = [...metrics].filter(([m]) => m.startsWith('return:')).sort(([a], [b]) => a.localeCompare(b));
  return {
    id: `r${runId}`,
    kind: 'run',
    title: `run ${runId}: ${run.strategy}`,
    provenance: [
      ['Strategy', `${run.strategy} (${run.strategyFile}, source ${run.sourceHash.slice(0, 12)})`],
      ...(config.description === undefined ? [] : [['Description', config.description] as const]),
      ['Data', `${run.dataSource} (fingerprint ${run.dataFingerprint.slice(0, 12)})`],
      ['Code version', run.codeVersion],
      ['Status', run.status],
      ['Period', `${dates[0]} .. ${dates[dates.length - 1]} (${dates.length} bars)`],
      ['Invested period (statistics)', run.investedFrom === null ? 'not recorded (a run from before factorlab stored it: statistics cover every bar)' : `${run.investedFrom} .. ${dates[dates.length - 1]} (${dates.filter((d) => d >= (run.investedFrom as string)).length} bars; the shaded warm-up before it is not counted)`],
    ],
    notes,
    dates,
    equity,
    inSample: dates.map((d) => options.inSampleUntil !== undefined && d <= options.inSampleUntil),
    warmup: dates.map((d) => run.investedFrom !== null && d < run.investedFrom),
    drawdown: drawdownCurve(equity),
    rollingWindowBars: window,
    rollingSharpe: rolling.sharpe,
    rollingVolatility: rolling.volatility,
    turnover: { dates, turnover: daily.map((d) => d.turnover), cumulativeCost },
    exposures: bookExposures(db, runId),
    attribution: cumulativeAttribution(db, runId),
    stress,
    summary: summaryRows(metrics),
    tables: years.length === 0 ? [] : [{ title: 'Return by calendar year', header: ['Year', 'Return'], rows: years.map(([m, v]) => [m.slice('return:'.length), percent(v, 1)]) }],
  };
}
