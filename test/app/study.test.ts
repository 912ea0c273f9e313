import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { loadMarket } from '../../src/data/load-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';
import { parameterGrid, walkForwardFolds } from '../../src/engine/folds.js';
import { runStudy } from '../../src/app/run-study.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { openDatabase } from '../../src/store/open-database.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';

describe('walk-forward folds', () => {
  it('tile the end with test windows and leave purge plus embargo before each', () => {
    const folds = walkForwardFolds(100, { folds: 3, testBars: 20, trainBars: 30, purgeBars: 3, embargoBars: 2 });
    expect(folds.map((f) => [f.trainStart, f.trainEnd, f.testStart, f.testEnd])).toEqual([
      [5, 34, 40, 59],
      [25, 54, 60, 79],
      [45, 74, 80, 99],
    ]);
    expect(walkForwardFolds(100, { folds: 3, testBars: 20, trainBars: 30, scheme: 'anchored' })[2].trainStart).toBe(0);
    expect(() => walkForwardFolds(50, { folds: 3, testBars: 20 })).toThrow(/need 100 bars; the data has 50/);
  });

  it('grid: every combination, first parameter slowest', () => {
    expect(parameterGrid({ a: [1, 2], b: ['x', 'y'] })).toEqual([{ a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }]);
  });
});

describe('a study', () => {
  const dir = mkdtempSync(join(tmpdir(), 'factorlab-study-'));
  beforeAll(() => writeMarketCsv(join(dir, 'market'), generateSyntheticMarket({ seed: 31, assets: 14, days: 260 }).market));

  it('gives identical stored results with 1 and 2 workers', async () => {
    const market = loadMarket(join(dir, 'market'));
    const strategy = await loadStrategy('test/fixtures/strategies/small-study.ts', market.series.names);
    const db = openDatabase(join(dir, 'study.sqlite'));
    const settings = { folds: 2, testBars: 50, trainBars: 100, purgeBars: 2 };
    const one = await runStudy({ strategy, market, db, solvers: [await createHighsSolver()], settings: { ...settings, workers: 1 } });
    const two = await runStudy({ strategy, market, db, solvers: [await createHighsSolver()], settings: { ...settings, workers: 2 } });
    const rows = (id: number): unknown[] => db.prepare('SELECT trial, params_json, fold, sample, first_date, last_date, sharpe, returns_json FROM study_tasks WHERE study_id = ? ORDER BY trial, fold, sample').raw().all(id);
    expect(rows(one.studyId)).toHaveLength(4 * 2 * 2);
    expect(rows(two.studyId)).toEqual(rows(one.studyId));
    const summary = (id: number): unknown[] => db.prepare('SELECT metric, value FROM study_summary WHERE study_id = ? ORDER BY metric').raw().all(id);
    expect(summary(two.studyId)).toEqual(summary(one.studyId));
    expect(two.stats).toEqual(one.stats);
    // The selection is the in-sample best of each fold, and the stored fold rows say so.
    const folds = db.prepare('SELECT fold, selected_trial FROM study_folds WHERE study_id = ? ORDER BY fold').all(one.studyId) as Array<{ fold: number; selected_trial: number }>;
    for (const f of folds) {
      const inSample = db.prepare("SELECT trial, sharpe FROM study_tasks WHERE study_id = ? AND fold = ? AND sample = 'in' ORDER BY sharpe DESC, trial").all(one.studyId, f.fold) as Array<{ trial: number }>;
      expect(f.selected_trial).toBe(inSample[0].trial);
    }
    expect(one.stats.trials).toBe(4);
    expect(one.stats.pboSplits).toBeGreaterThan(0);
    db.close();
  }, 120_000);

  it('judges each window over its invested bars, and refuses a fold whose window is mostly warm-up, naming it and the fix', async () => {
    const market = loadMarket(join(dir, 'market'));
    const strategy = await loadStrategy('test/fixtures/strategies/small-study.ts', market.series.names);
    const db = openDatabase(join(dir, 'study-warmup.sqlite'));
    // Fold 1's train window starts 8 bars into the data, inside the model's 60-bar warm-up.
    const settings = { folds: 2, testBars: 70, trainBars: 110, purgeBars: 2 };
    const ok = await runStudy({ strategy, market, db, solvers: [await createHighsSolver()], settings });
    const tasks = db.prepare('SELECT sharpe, returns_json, dates_json, invested_from FROM study_tasks WHERE study_id = ?').all(ok.studyId) as Array<{ sharpe: number; returns_json: string; dates_json: string; invested_from: string }>;
    const perYear = 365;
    for (const t of tasks) {
      const returns = JSON.parse(t.returns_json) as number[];
      const from = (JSON.parse(t.dates_json) as string[]).indexOf(t.invested_from);
      expect(from).toBeGreaterThanOrEqual(0);
      // Warm-up bars are flat and left out of the task's Sharpe ratio.
      expect(returns.slice(0, from).every((r) => r === 0)).toBe(true);
      const inv = returns.slice(from);
      const mean = inv.reduce((a, b) => a + b, 0) / inv.length;
      const sd = Math.sqrt(inv.reduce((a, b) => a + (b - mean) ** 2, 0) / (inv.length - 1));
      expect(t.sharpe).toBeCloseTo((mean / sd) * Math.sqrt(perYear), 9);
    }
    const err = await runStudy({ strategy, market, db, solvers: [await createHighsSolver()], settings: { ...settings, minInvestedShare: 0.9 } }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^study: fold 1's train window 2021-01-09 \.\. 2021-04-28 \(110 bars\) has \d+ invested bars for trial 1 \(\{"lookback":20,"power":1\}\); a window needs 90% of its bars invested to be judged\. Use --train-days/);
    const failed = db.prepare("SELECT status, error FROM studies ORDER BY id DESC LIMIT 1").get() as { status: string; error: string };
    expect(failed.status).toBe('failed');
    db.close();
  }, 120_000);
});
