/** factorlab's public API: what strategy modules and scripts import. */
export { defineStrategy } from './strategy/define-strategy.js';
export type {
  CrossSectionalModelSettings,
  ModelSettings,
  StatisticalModelSettings,
  TimeSeriesModelSettings,
  ExposureTarget,
  HedgeSettings,
  PortfolioLimits,
  PortfolioSettings,
  StrategyContext,
  StrategyDefinition,
} from './strategy/define-strategy.js';
export * as factor from './factors/index.js';
export type { FactorDefinition } from './factors/factor.js';
export { rank, winsorize, winsorizeMad, zScore, type ZScoreOptions } from './factors/standardize.js';
export { orthogonalize } from './factors/orthogonalize.js';
export { neutralizeWithinGroups } from './factors/neutralize-groups.js';
export { marketReturns } from './factors/market-return.js';
export { History } from './core/history.js';
export { Panel, SeriesSet, type Market } from './core/panel.js';
export { DataError, EmptyRunError, FactorlabError, ModelError, OptimizerError, StrategyError, UsageError } from './core/errors.js';
export { loadMarket } from './data/load-market.js';
export { withReturns } from './data/derive-returns.js';
export { loadLongCsv } from './data/load-long-csv.js';
export { loadSeriesCsv } from './data/load-series-csv.js';
export { generateSyntheticMarket, type SyntheticMarketOptions } from './data/synthetic-market.js';
export { writeMarketCsv } from './data/write-market-csv.js';
export { fitTimeSeries, type TimeSeriesEstimator } from './model/fit-time-series.js';
export { fitCrossSection } from './model/fit-cross-section.js';
export { fitPca } from './model/fit-pca.js';
export { estimateFactorCovariance, ledoitWolfIntensity } from './model/factor-covariance.js';
export { neweyWestMean, defaultNeweyWestLags } from './stats/newey-west.js';
export { evaluateModel, type ModelEvaluation } from './model/evaluate-model.js';
export { decomposeRisk, predictedVariance, type FactorModel, type FactorStat, type RiskSettings } from './model/factor-model.js';
export { modelSnapshot, type ModelSnapshot } from './app/model-snapshot.js';
export { optimizePortfolio } from './optimize/optimize-portfolio.js';
export { checkPortfolio, portfolioObjective } from './optimize/check-portfolio.js';
export type { LimitTerm, RelaxStep, TermContext, TradeSpaceRows, ViolationSink, WeightBox } from './optimize/terms/term.js';
export { limitTerms } from './optimize/terms/problem-terms.js';
export { AssetBounds } from './optimize/terms/asset-bounds.js';
export { ExposureBand } from './optimize/terms/exposure-limit.js';
export { Frozen } from './optimize/terms/frozen.js';
export { GrossLimit } from './optimize/terms/gross.js';
export { GroupBand } from './optimize/terms/group-limit.js';
export { LongOnly } from './optimize/terms/long-only.js';
export { MaxAbsWeight } from './optimize/terms/max-abs-weight.js';
export { MaxTrade } from './optimize/terms/max-trade.js';
export { NetLimit } from './optimize/terms/net.js';
export { TurnoverLimit } from './optimize/terms/turnover.js';
export { LinearCost } from './optimize/terms/linear-cost.js';
export { riskOf, solveMeanVariance, type MeanVarianceProblem, type MeanVarianceSolution } from './optimize/mean-variance.js';
export { FundingCost } from './optimize/terms/funding.js';
export { MarketImpact } from './optimize/terms/market-impact.js';
export type { TradingCost } from './optimize/terms/trading-cost.js';
export { BorrowCost } from './optimize/terms/borrow.js';
export { FinancingCost } from './optimize/terms/financing.js';
export type { HeldBook, HoldingCost } from './optimize/terms/holding-cost.js';
export type { ExposureLimit, GroupLimit, PortfolioObjective, PortfolioProblem } from './optimize/portfolio-problem.js';
export { hedgePortfolio, type HedgeProblem, type HedgeResult } from './optimize/hedge.js';
export { buildProblem, weightsFromSolution } from './optimize/build-problem.js';
export { certifyOptimality } from './optimize/duality-gap.js';
export { createHighsSolver } from './optimize/highs-solver.js';
export { createDualSimplexSolver, solveDualSimplex } from './optimize/dual-simplex.js';
export { createJsLpSolver } from './optimize/jslp-solver.js';
export { runWalkForward } from './engine/walk-forward.js';
export { StageTotals, type StageName, type StageObserver } from './engine/stage-clock.js';
export { runStrategy } from './app/run-strategy.js';
export type { Recorder, DayRecord } from './engine/recorder.js';
export { loadStrategy } from './strategy/load-strategy.js';
export { openDatabase } from './store/open-database.js';
export { listRuns } from './store/read-runs.js';
export { summarizePerformance, type PerformanceSummary } from './diagnostics/performance.js';
export { returnStats, returnsByYear, type ReturnStats } from './diagnostics/return-stats.js';
export { deflatedSharpeRatio, expectedMaxSharpe, minimumTrackRecordLength, probabilisticSharpeRatio, sharpeMoments } from './diagnostics/sharpe-tests.js';
export { probabilityOfBacktestOverfitting, type PboResult } from './diagnostics/pbo.js';
export { normalCdf, normalQuantile } from './stats/normal.js';
