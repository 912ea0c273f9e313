import type { FitRecord } from '../engine/recorder.js';
import type { ModelEvaluation } from '../model/evaluate-model.js';
import { BatchInsert } from './batch-insert.js';
import type { SqlChannel } from './sql-channel.js';

/** Finite numbers as-is; NaN and ±Infinity as NULL (undefined statistics). */
export function real(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/**
 * Statements that store one model fit (loadings, specific variances, factor
 * statistics, factor returns, risk summary) and one evaluation of a fit. They
 * go into the caller's transaction on `channel`; flush `batches` before committing it.
 */
export function prepareFitWriter(channel: SqlChannel): {
  fit(runId: number, date: string, fit: FitRecord): void;
  evaluation(runId: number, evaluation: ModelEvaluation): void;
  /** The batched inserts the caller must flush before its transaction commits. */
  readonly batches: readonly BatchInsert[];
} {
  const insertFit = channel.statement(
    `INSERT INTO fits (run_id, date, kind, window_start, window_end, factors_json, factor_cov_json, fitted_assets, dropped_assets, mean_r2,
       dropped_dates, covariance_method, shrinkage, specific_var_floor, floored_assets, condition_index, warnings_json)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const fitAssets = new BatchInsert(channel, 'INSERT INTO fit_assets VALUES', 7);
  const loadings = new BatchInsert(channel, 'INSERT INTO fit_loadings VALUES', 5);
  const factors = new BatchInsert(channel, 'INSERT INTO fit_factors VALUES', 9);
  const factorReturns = new BatchInsert(channel, 'INSERT INTO fit_factor_returns VALUES', 5);
  const insertEvaluation = channel.statement('INSERT OR REPLACE INTO fit_evaluations VALUES (?,?,?,?,?,?,?)');
  return {
    batches: [fitAssets, loadings, factors, factorReturns],
    fit(runId, date, fit) {
      const meanR2 = fit.assets.reduce((s, a) => s + a.rSquared, 0) / Math.max(1, fit.assets.length);
      const r = fit.risk;
      channel.run(insertFit, [
        runId, date, fit.kind, fit.windowStart, fit.windowEnd, JSON.stringify(fit.factors), JSON.stringify(Array.from(fit.factorCovariance)),
        fit.fittedAssets, fit.droppedAssets, fit.assets.length > 0 ? real(meanR2) : null,
        fit.droppedDates, r.covarianceMethod, real(r.shrinkage), real(r.specificVarianceFloor), r.flooredAssets, real(r.conditionIndex), JSON.stringify(fit.warnings),
      ]);
      const K = fit.factors.length;
      for (const a of fit.assets) {
        fitAssets.add(runId, date, a.asset, a.alpha, a.specificVariance, a.rSquared, a.observations);
        for (let k = 0; k < K; k++) loadings.add(runId, date, a.asset, fit.factors[k], a.loadings[k]);
      }
      for (const st of fit.factorStats) {
        factors.add(runId, date, st.factor, real(st.meanReturn), real(st.tStat), st.lags, real(st.medianAbsLoadingT), real(st.ic), real(st.icTStat));
      }
      for (let t = 0; t < fit.factorReturnDates.length; t++) {
        for (let k = 0; k < K; k++) factorReturns.add(runId, date, fit.factorReturnDates[t], fit.factors[k], real(fit.factorReturns[t * K + k]));
      }
    },
    evaluation(runId, ev) {
      const ic = Object.fromEntries(ev.ic.map((x) => [x.factor, real(x.ic)]));
      channel.run(insertEvaluation, [runId, ev.fitDate, ev.through, ev.bars, real(ev.biasStatistic), real(ev.meanAssetBias), JSON.stringify(ic)]);
    },
  };
}
