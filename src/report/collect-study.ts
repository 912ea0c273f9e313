import { UsageError } from '../core/errors.js';
import { fixed, percent } from '../core/format-number.js';
import { barsPerYear } from '../data/calendar.js';
import { blockBootstrap } from '../diagnostics/stress.js';
import { Random } from '../core/random.js';
import type { Db } from '../store/open-database.js';
import { bootstrapScenarios, rollingWindowBars, type CollectOptions } from './collect-run.js';
import { summaryRows } from './metric-labels.js';
import type { StressScenario, SubjectReport, TrialPoint } from './report-model.js';
import { drawdownCurve, equityCurve, histogram, rollingStats, worstWindow } from './report-series.js';

interface StudyRow {
  readonly strategy: string;
  readonly strategy_file: string;
  readonly source_hash: string;
  readonly data_source: string;
  readonly data_fingerprint: string;
  readonly code_version: string;
  readonly status: string;
  readonly settings_json: string;
  readonly pbo_logits_json: string | null;
}

interface TaskRow {
  readonly trial: number;
  readonly params_json: string;
  readonly fold: number;
  readonly sample: 'in' | 'out';
  readonly first_date: string;
  readonly last_date: string;
  readonly sharpe: number | null;
  readonly returns_json: string;
  readonly dates_json: string | null;
  readonly invested_from: string | null;
}

interface FoldRow {
  readonly fold: number;
  readonly selected_trial: number;
  readonly in_sample_sharpe: number | null;
  readonly out_of_sample_sharpe: number | null;
}

/**
 * Everything a report shows of one stored study. The equity curve is the
 * selected trial of the first fold over its training window (in sample),
 * followed by the stitched out-of-sample path: each fold's test window traded
 * with the trial its training window selected.
 * @throws UsageError when the study is missing, unfinished, or was recorded before task dates were stored
 */
export function collectStudy(db: Db, studyId: number, options: CollectOptions): SubjectReport {
  const study = db.prepare('SELECT * FROM studies WHERE id = ?').get(studyId) as StudyRow | undefined;
  if (study === undefined) throw new UsageError(`study ${studyId} is not in this database (factorlab compare s<id> shows studies)`);
  if (study.status !== 'finished') throw new UsageError(`study ${studyId} is ${study.status}; only finished studies can be reported`);
  const tasks = db.prepare('SELECT * FROM study_tasks WHERE study_id = ? ORDER BY fold, trial, sample').all(studyId) as TaskRow[];
  if (tasks.some((t) => t.dates_json === null)) throw new UsageError(`study ${studyId} was recorded before factorlab stored its task dates; run the study again to report it`);
  const folds = db.prepare('SELECT * FROM study_folds WHERE study_id = ? ORDER BY fold').all(studyId) as FoldRow[];
  const task = (trial: number, fold: number, sample: 'in' | 'out'): TaskRow => {
    const found = tasks.find((t) => t.trial === trial && t.fold === fold && t.sample === sample);
    if (found === undefined) throw new UsageError(`study ${studyId} has no ${sample}-of-sample task for trial ${trial}, fold ${fold}; the database is incomplete`);
    return found;
  };
  const dates: string[] = [];
  const returns: number[] = [];
  const inSample: boolean[] = [];
  const append = (t: TaskRow, isIn: boolean, before?: string): void => {
    const d = JSON.parse(t.dates_json ?? '[]') as string[];
    const r = JSON.parse(t.returns_json) as number[];
    d.forEach((date, i) => {
      if (before !== undefined && date >= before) return;
      // A window's warm-up (before its first position) is not in the study's statistics, nor in the path shown.
      if (t.invested_from !== null && date < t.invested_from) return;
      dates.push(date);
      returns.push(r[i]);
      inSample.push(isIn);
    });
  };
  const firstOut = task(folds[0].selected_trial, 0, 'out');
  append(task(folds[0].selected_trial, 0, 'in'), true, firstOut.first_date);
  for (const f of folds) append(task(f.selected_trial, f.fold, 'out'), false);

  const perYear = barsPerYear(dates);
  const window = rollingWindowBars(perYear);
  const rolling = rollingStats(returns, window, perYear);
  const equity = equityCurve(returns);
  const selected = new Set(folds.map((f) => `${f.fold}:${f.selected_trial}`));
  const trialPoints: TrialPoint[] = tasks
    .filter((t) => t.sample === 'in')
    .map((t) => ({
      trial: t.trial,
      fold: t.fold,
      params: t.params_json,
      inSampleSharpe: t.sharpe,
      outOfSampleSharpe: task(t.trial, t.fold, 'out').sharpe,
      selected: selected.has(`${t.fold}:${t.trial}`),
    }));
  const logits = JSON.parse(study.pbo_logits_json ?? '[]') as number[];
  const metrics = new Map((db.prepare('SELECT metric, value FROM study_summary WHERE study_id = ?').all(studyId) as Array<{ metric: string; value: number | null }>).map((r) => [r.metric, r.value]));

  const oos = returns.filter((_, t) => !inSample[t]);
  const oosDates = dates.filter((_, t) => !inSample[t]);
  const stress: StressScenario[] = [];
  for (const bars of [1, 5, 20]) {
    const w = worstWindow(oosDates, oos, bars);
    if (w !== undefined) stress.push({ group: `Worst ${bars}-bar window of the out-of-sample path`, name: `${w.start}..${w.end}`, value: w.value });
  }
  if (oos.length >= 2) {
    stress.push(...bootstrapScenarios(blockBootstrap(oos, new Random(1), options.bootstrapSamples, 20)));
  }
  const settings = JSON.parse(study.settings_json) as { folds?: Array<{ trainFrom: string; trainTo: string; testFrom: string; testTo: string }> };
  const trialParams = new Map(tasks.map((t) => [t.trial, t.params_json]));
  return {
    id: `s${studyId}`,
    kind: 'study',
    title: `study ${studyId}: ${study.strategy}`,
    provenance: [
      ['Strategy', `${study.strategy} (${study.strategy_file}, source ${study.source_hash.slice(0, 12)})`],
      ['Data', `${study.data_source} (fingerprint ${study.data_fingerprint.slice(0, 12)})`],
      ['Code version', study.code_version],
      ['Status', study.status],
      ['Trials × folds', `${trialParams.size} × ${folds.length}`],
      ['Period', `${dates[0]} .. ${dates[dates.length - 1]} (${dates.length} bars)`],
    ],
    notes: [
      'In sample: the first fold\'s training window, traded with the trial it selected. Out of sample: each fold\'s test window traded with the trial selected on its own training window, stitched.',
      'Studies store daily returns per trial only; report a run of the chosen parameters for turnover, exposures and attribution.',
    ],
    dates,
    equity,
    inSample,
    warmup: dates.map(() => false),
    drawdown: drawdownCurve(equity),
    rollingWindowBars: window,
    rollingSharpe: rolling.sharpe,
    rollingVolatility: rolling.volatility,
    trials: trialPoints,
    pbo: { value: metrics.get('pbo') ?? null, logits, bins: histogram(logits, Math.max(5, Math.min(30, Math.ceil(Math.sqrt(logits.length))))) },
    stress,
    summary: summaryRows(metrics),
    tables: [
      {
        title: 'Folds',
        header: ['Fold', 'Train', 'Test', 'Selected', 'Sharpe in', 'Sharpe out'],
        rows: folds.map((f) => {
          const window = settings.folds?.[f.fold];
          return [
            String(f.fold + 1),
            window === undefined ? '' : `${window.trainFrom} .. ${window.trainTo}`,
            window === undefined ? '' : `${window.testFrom} .. ${window.testTo}`,
            trialParams.get(f.selected_trial) ?? String(f.selected_trial),
            fixed(f.in_sample_sharpe),
            fixed(f.out_of_sample_sharpe),
          ];
        }),
      },
      { title: 'Out-of-sample return', header: ['Path', 'Return'], rows: [['stitched out of sample', percent(oos.reduce((g, r) => g * (1 + r), 1) - 1)]] },
    ],
  };
}
