import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { loadMarket } from '../data/load-market.js';
import { modelSnapshot, type ModelSnapshot } from '../app/model-snapshot.js';
import { quantileSorted } from '../stats/quantile.js';
import { createHighsSolver } from '../optimize/highs-solver.js';
import { loadStrategy } from '../strategy/load-strategy.js';
import { dateFlag } from './flags.js';
import { fixed, percent } from '../core/format-number.js';
import { table } from './format.js';

export interface ModelCommandOptions {
  readonly strategyFile: string;
  readonly data: string;
  readonly date: string | undefined;
  readonly json: boolean;
}

/** `factorlab model`: the strategy's factor model fitted at a date, and its portfolio's predicted risk. */
export async function modelCommand(options: ModelCommandOptions): Promise<void> {
  if (options.date === undefined) throw new UsageError('model needs --date yyyy-mm-dd (got none): factorlab model strategies/momentum-neutral.ts --date 2024-06-28');
  dateFlag('--date', options.date);
  if (!existsSync(options.strategyFile)) throw new UsageError(`strategy file '${options.strategyFile}' not found`);
  const market = loadMarket(options.data);
  const strategy = await loadStrategy(options.strategyFile, market.series.names);
  const snapshot = await modelSnapshot(strategy.definition, market, options.date, [await createHighsSolver()]);
  process.stdout.write(options.json ? `${JSON.stringify(toJson(snapshot), null, 2)}\n` : render(strategy.definition.name, snapshot));
}

function rSquaredQuantiles(snapshot: ModelSnapshot): number[] {
  const r2 = snapshot.model.rSquared.filter((v) => Number.isFinite(v)).sort();
  return r2.length === 0 ? [NaN, NaN, NaN, NaN, NaN] : [0, 0.25, 0.5, 0.75, 1].map((q) => quantileSorted(r2, q));
}

function render(name: string, snapshot: ModelSnapshot): string {
  const { model, portfolio } = snapshot;
  const K = model.factors.length;
  const annual = Math.sqrt(snapshot.barsPerYear);
  const fitted = model.observations.reduce((c, o) => (o > 0 ? c + 1 : c), 0);
  const risk = model.risk;
  const header = [
    `${name}: ${model.kind} model fitted on ${model.asOf} (window ${model.windowStart} .. ${model.windowEnd})`,
    `assets fitted ${fitted}, dropped ${model.droppedAssets}; dates dropped ${model.droppedDates}`,
    `factor covariance: ${risk.covarianceMethod}, Ledoit-Wolf shrinkage ${fixed(risk.shrinkage, 3)}, condition index ${fixed(risk.conditionIndex, 1)}`,
    `specific variance floor ${risk.specificVarianceFloor.toExponential(2)} per bar (${risk.flooredAssets} assets floored)`,
    ...model.warnings.map((w) => `warning: ${w}`),
  ].join('\n');
  const oos = snapshot.previousFit;
  const rows = model.factorStats.map((s, k) => [
    s.factor,
    significant(s.meanReturn),
    significant(Math.sqrt(model.factorCovariance[k * K + k])),
    fixed(s.tStat),
    String(s.lags),
    fixed(s.ic, 3),
    fixed(s.icTStat),
    fixed(oos?.ic.find((x) => x.factor === s.factor)?.ic ?? NaN, 3),
    fixed(s.medianAbsLoadingT),
    portfolio === undefined ? 'n/a' : fixed(portfolio.exposures[k], 3),
  ]);
  const factors = table(['Factor', 'Mean/bar', 'Vol/bar', 't-stat', 'NW lags', 'IC in window', 'IC t', 'IC next period', 'Median |t| loading', 'Portfolio exposure'], rows);
  const evaluation =
    oos === undefined
      ? 'previous fit: none in the data'
      : `previous fit (${oos.fitDate}) over the ${oos.bars} bars since: bias statistic ${fixed(oos.biasStatistic)} (equal-weighted book; 1 is right, 95% band ±${fixed(Math.sqrt(2 / oos.bars))}), mean per-asset bias ${fixed(oos.meanAssetBias)}`;
  const q = rSquaredQuantiles(snapshot);
  const r2 = `R² across assets: min ${fixed(q[0], 3)}, 25% ${fixed(q[1], 3)}, median ${fixed(q[2], 3)}, 75% ${fixed(q[3], 3)}, max ${fixed(q[4], 3)}`;
  const book =
    portfolio === undefined
      ? `portfolio: none built (${snapshot.portfolioNote ?? 'no targets'})`
      : `portfolio from an empty book: ${portfolio.positions} positions; predicted volatility ${percent(portfolio.volatility * annual)} a year (factors ${percent(portfolio.factorVolatility * annual)}, specific ${percent(portfolio.specificVolatility * annual)})`;
  return `${header}\n\n${factors}\n\n${r2}\n${evaluation}\n${book}\n`;
}

/** Factor returns and series come in their own units: show three significant digits. */
function significant(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(3) : 'n/a';
}

function toJson(snapshot: ModelSnapshot): unknown {
  const { model, portfolio } = snapshot;
  const q = rSquaredQuantiles(snapshot);
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return {
    asOf: model.asOf,
    kind: model.kind,
    window: [model.windowStart, model.windowEnd],
    fittedAssets: model.observations.reduce((c, o) => (o > 0 ? c + 1 : c), 0),
    droppedAssets: model.droppedAssets,
    droppedDates: model.droppedDates,
    risk: { ...model.risk, conditionIndex: finite(model.risk.conditionIndex) },
    warnings: model.warnings,
    factors: model.factorStats.map((s, k) => ({
      factor: s.factor,
      meanReturn: finite(s.meanReturn),
      tStat: finite(s.tStat),
      lags: s.lags,
      ic: finite(s.ic),
      icNextPeriod: finite(snapshot.previousFit?.ic.find((x) => x.factor === s.factor)?.ic ?? NaN),
      icTStat: finite(s.icTStat),
      medianAbsLoadingT: finite(s.medianAbsLoadingT),
      annualVolatility: finite(Math.sqrt(model.factorCovariance[k * model.factors.length + k] * snapshot.barsPerYear)),
      portfolioExposure: portfolio === undefined ? null : portfolio.exposures[k],
    })),
    previousFit: snapshot.previousFit ?? null,
    rSquared: { min: finite(q[0]), p25: finite(q[1]), median: finite(q[2]), p75: finite(q[3]), max: finite(q[4]) },
    portfolio:
      portfolio === undefined
        ? { note: snapshot.portfolioNote ?? null }
        : {
            positions: portfolio.positions,
            annualVolatility: portfolio.volatility * Math.sqrt(snapshot.barsPerYear),
            annualFactorVolatility: portfolio.factorVolatility * Math.sqrt(snapshot.barsPerYear),
            annualSpecificVolatility: portfolio.specificVolatility * Math.sqrt(snapshot.barsPerYear),
          },
  };
}
