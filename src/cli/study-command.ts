import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { loadMarket } from '../data/load-market.js';
import { runStudy, type StudySettings } from '../app/run-study.js';
import { createSolvers } from '../optimize/backends.js';
import { openDatabase } from '../store/open-database.js';
import { loadStrategy } from '../strategy/load-strategy.js';
import { integerFlag } from './flags.js';
import { fixed } from '../core/format-number.js';
import { progressReporter, table } from './format.js';

export interface StudyCommandOptions {
  readonly strategyFile: string;
  readonly data: string;
  readonly db: string;
  readonly folds?: string;
  readonly trainDays?: string;
  readonly testDays?: string;
  readonly anchored: boolean;
  readonly purge?: string;
  readonly embargo?: string;
  readonly workers?: string;
  readonly selectBy?: string;
  readonly json: boolean;
  readonly quiet: boolean;
}

/** `factorlab study`: the walk-forward study of a strategy's parameter grid. */
export async function studyCommand(options: StudyCommandOptions): Promise<void> {
  const entries: Array<[keyof StudySettings, number | undefined]> = [
    ['folds', integerFlag('--folds', options.folds, 1)],
    ['trainBars', integerFlag('--train-days', options.trainDays, 2)],
    ['testBars', integerFlag('--test-days', options.testDays, 2)],
    ['purgeBars', integerFlag('--purge', options.purge, 0)],
    ['embargoBars', integerFlag('--embargo', options.embargo, 0)],
    ['workers', integerFlag('--workers', options.workers, 1)],
  ];
  const selectBy = options.selectBy ?? 'sharpe';
  if (!['sharpe', 'return', 'sortino'].includes(selectBy)) throw new UsageError(`--select-by '${selectBy}' must be sharpe, return or sortino`);
  const settings = { ...Object.fromEntries(entries.filter(([, v]) => v !== undefined)), scheme: options.anchored ? 'anchored' : 'rolling', selectBy } as StudySettings;
  if (!existsSync(options.strategyFile)) throw new UsageError(`strategy file '${options.strategyFile}' not found`);
  const market = loadMarket(options.data);
  const strategy = await loadStrategy(options.strategyFile, market.series.names);
  const db = openDatabase(options.db);
  const started = performance.now();
  const progress = options.quiet || options.json ? undefined : progressReporter(`${strategy.definition.name} study`, 'trial runs');
  try {
    const result = await runStudy({
      strategy,
      market,
      db,
      solvers: await createSolvers(['dual-simplex', 'highs']),
      settings,
      ...(progress === undefined ? {} : { onProgress: (done: number, total: number) => progress(done, total, '') }),
    });
    const s = result.stats;
    for (const notice of result.notices) process.stderr.write(`factorlab: notice: ${notice}\n`);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ studyId: result.studyId, trials: result.trials, folds: result.folds.map((f) => ({ ...f, trainFrom: result.dates[f.trainStart], testFrom: result.dates[f.testStart], testTo: result.dates[f.testEnd] })), stats: s, seconds: (performance.now() - started) / 1000 }, null, 2)}\n`);
      return;
    }
    const foldRows = s.folds.map((f) => {
      const fold = result.folds[f.fold];
      return [String(f.fold + 1), `${result.dates[fold.trainStart]} .. ${result.dates[fold.trainEnd]}`, `${result.dates[fold.testStart]} .. ${result.dates[fold.testEnd]}`, JSON.stringify(result.trials[f.selected]), fixed(f.inSampleSharpe), fixed(f.outOfSampleSharpe)];
    });
    const summary = [
      ['Trials × folds', `${s.trials} × ${result.folds.length} (${s.trials * result.folds.length * 2} walk-forward runs)`],
      ['Mean Sharpe in / out of sample (decay)', `${fixed(s.meanInSampleSharpe)} / ${fixed(s.meanOutOfSampleSharpe)} (${fixed(s.sharpeDecay)})`],
      ['Stitched out-of-sample Sharpe', fixed(s.oosSharpe)],
      ['PSR (Sharpe > 0)', fixed(s.oosProbabilisticSharpe, 4)],
      [`DSR (${s.trials} trials)`, fixed(s.oosDeflatedSharpe, 4)],
      ['Minimum track record (bars)', Number.isFinite(s.oosMinTrackRecordBars) ? String(Math.ceil(s.oosMinTrackRecordBars)) : 'n/a'],
      [`PBO (CSCV, ${s.pboSplits} splits)`, `${fixed(s.pbo, 3)}; degradation slope ${fixed(s.pboDegradationSlope)}; P(out-of-sample loss) ${fixed(s.pboProbabilityOfLoss, 3)}`],
    ];
    process.stdout.write(
      `\n${strategy.definition.name}: study ${result.studyId} recorded in ${options.db} (${((performance.now() - started) / 1000).toFixed(1)} s)\n\n${table(['Fold', 'Train', 'Test', 'Selected', 'Sharpe in', 'Sharpe out'], foldRows)}\n\n${table(['Metric', 'Value'], summary, true)}\n`,
    );
  } finally {
    db.close();
  }
}
