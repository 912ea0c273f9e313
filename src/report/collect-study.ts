import { UsageError } from '../core/errors.js';
import { fixed, percent } from '../core/format-number.js';
import { barsPerYear } from '../data/calendar.js';
import { blockBootstrap } from '../diagnostics/stress.js';
import { Random } from '../core/random.js';
import type { Db } from '../store/open-database.js';
import { readStudyFolds, readStudyMetrics, readStudyRecord, readStudyTasks, type StudyTaskRow } from '../store/read-study.js';
import { bootstrapScenarios, rollingWindowBars, type CollectOptions } from './collect-run.js';
import { summaryRows } from './metric-labels.js';
import type { StressScenario, SubjectReport, TrialPoint } from './report-model.js';
import { drawdownCurve, equityCurve, histogram, rollingStats, worstWindow } from './report-series.js';

/**
 * Everything a report shows of one stored study. The equity curve is the
 * selected trial of the first fold over its training window (in sample),
 * followed by the stitched out-of-sample path: each fold's test window traded
 * with the trial its training window selected.
 * @throws UsageError when the study is missing, unfinished, or was recorded before task dates were stored
 */
export function collectStudy(db: Db, studyId: number, options: CollectOptions): SubjectReport {
  const study = readStudyRecord(db, studyId);
  if (study === undefined) throw new UsageError(`study ${studyId} is not in this database (factorlab compare s<id> shows studies)`);
  if (study.status !== 'finished') throw new UsageError(`study ${studyId} is ${study.status}; only finished studies can be reported`);
  const tasks = readStudyTasks(db, studyId);
  if (tasks.some((t) => t.datesJson === null)) throw new UsageError(`study ${studyId} was recorded before factorlab stored its task dates; run the study again to report it`);
  const folds = readStudyFolds(db, studyId);
  const task = (trial: number, fold: number, sample: 'in' | 'out'): StudyTaskRow => {
    const found = tasks.find((t) => t.trial === trial && t.fold === fold && t.sample === sample);
    if (found === undefined) throw new UsageError(`study ${studyId} has no ${sample}-of-sample task for trial ${trial}, fold ${fold}; the database is incomplete`);
    return found;
  };
  const dates: string[] = [];
  const returns: number[] = [];
  const inSample: boolean[] = [];
  const append = (t: StudyTaskRow, isIn: boolean, before?: string): void => {
    const d = JSON.parse(t.datesJson ?? '[]') as string[];
    const r = JSON.parse(t.returnsJson) as number[];
    d.forEach((date, i) => {
      if (before !== undefined && date >= before) return;
      // A window's warm-up (before its first position) is not in the study's statistics, nor in the path shown.
      if (t.investedFrom !== null && date < t.investedFrom) return;
      dates.push(date);
      returns.push(r[i]);
      inSample.push(isIn);
    });
  };
  const firstOut = task(folds[0].selectedTrial, 0, 'out');
  append(task(folds[0].selectedTrial, 0, 'in'), true, firstOut.firstDate);
  for (const f of folds) append(task(f.selectedTrial, f.fold, 'out'), false);

  const perYear = barsPerYear(dates);
  const window = rollingWindowBars(perYear);
  const rolling = rollingStats(returns, window, perYear);
  const equity = equityCurve(returns);
  const selected = new Set(folds.map((f) => `${f.fold}:${f.selectedTrial}`));
  const trialPoints: TrialPoint[] = tasks
    .filter((t) => t.sample === 'in')
    .map((t) => ({
      trial: t.trial,
      fold: t.fold,
      params: t.paramsJson,
      inSampleSharpe: t.sharpe,
      outOfSampleSharpe: task(t.trial, t.fold, 'out').sharpe,
      selected: selected.has(`${t.fold}:${t.trial}`),
    }));
  const logits = JSON.parse(study.pboLogitsJson ?? '[]') as number[];
  const metrics = readStudyMetrics(db, studyId);

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
  const settings = JSON.parse(study.settingsJson) as { folds?: Array<{ trainFrom: string; trainTo: string; testFrom: string; testTo: string }> };
  const trialParams = new Map(tasks.map((t) => [t.trial, t.paramsJson]));
  return {
    id: `s${studyId}`,
    kind: 'study',
    title: `study ${studyId}: ${study.strategy}`,
    provenance: [
      ['Strategy', `${study.strategy} (${study.strategyFile}, source ${study.sourceHash.slice(0, 12)})`],
      ['Data', `${study.dataSource} (fingerprint ${study.dataFingerprint.slice(0, 12)})`],
      ['Code version', study.codeVersion],
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
            trialParams.get(f.selectedTrial) ?? String(f.selectedTrial),
            fixed(f.inSampleSharpe),
            fixed(f.outOfSampleSharpe),
          ];
        }),
      },
      { title: 'Out-of-sample return', header: ['Path', 'Return'], rows: [['stitched out of sample', percent(oos.reduce((g, r) => g * (1 + r), 1) - 1)]] },
    ],
  };
}
