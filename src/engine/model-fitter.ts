import { History } from '../core/history.js';
import type { Panel } from '../core/panel.js';
import { StrategyError } from '../core/errors.js';
import { capWeightedMean } from '../factors/market-return.js';
import { winsorize, zScore } from '../factors/standardize.js';
import type { FactorModel } from '../model/factor-model.js';
import { fitCrossSection, regressBarWithIndustries, type BarIndustries, type CrossSectionBar } from '../model/fit-cross-section.js';
import { fitPca } from '../model/fit-pca.js';
import { fitTimeSeries } from '../model/fit-time-series.js';
import { riskFreeReturns, type RiskFreeReturns } from './align-series.js';
import { computeFactor } from '../strategy/compute-factor.js';
import type { StrategyDefinition } from '../strategy/define-strategy.js';
import { definedFields } from '../core/defined-fields.js';

/** Share of each tail clipped before cross-sectional exposures are z-scored. */
const EXPOSURE_WINSOR = 0.01;

/**
 * Fits the strategy's factor model on the window ending at a bar, reading only
 * point-in-time `History` views. Per-bar exposures (for cross-sectional models
 * and factor portfolios) are computed once per bar, each from the history as
 * of that bar, and kept while a window may still need them.
 */
export class ModelFitter {
  readonly #strategy: StrategyDefinition;
  readonly #panel: Panel;
  readonly #series: ReadonlyMap<string, Float64Array>;
  readonly #exposureKeys: readonly string[];
  readonly #exposures = new Map<number, Float64Array>();
  readonly #regressions = new Map<string, CrossSectionBar>();
  /** Market return per bar, computed once per bar as bars become visible (`NaN` until then and where undefined). */
  readonly #market: Float64Array;
  #marketThrough = -1;
  /** The risk-free return per bar when the strategy names a rate: models then fit excess returns. */
  readonly riskFree: RiskFreeReturns | undefined;

  /** @param alignedSeries every series, aligned to the panel with the publication lag applied */
  constructor(strategy: StrategyDefinition, panel: Panel, alignedSeries: ReadonlyMap<string, Float64Array>) {
    this.#strategy = strategy;
    this.#panel = panel;
    this.#series = alignedSeries;
    this.#market = new Float64Array(panel.dates.length).fill(NaN);
    this.riskFree = strategy.riskFree === undefined ? undefined : riskFreeReturns(alignedSeries, panel.dates, strategy.riskFree);
    const m = strategy.model;
    this.#exposureKeys = m.kind === 'cross-sectional' ? m.factors : m.kind === 'time-series' ? (m.factorPortfolios ?? []) : [];
  }

  /** Bars of data a fit needs before it can run: the window (plus exposure lookbacks). */
  get warmupBars(): number {
    const lookback = Math.max(0, ...this.#exposureKeys.map((k) => this.#factor(k).lookbackBars));
    return this.#strategy.model.windowDays + lookback;
  }

  /** Fit on the window of `windowDays` bars ending at `history.asOf`. */
  fit(history: History, previous: FactorModel | undefined): FactorModel {
    const m = this.#strategy.model;
    const window = m.windowDays;
    const minObservations = m.minObservations ?? Math.ceil(0.75 * window);
    const t = history.length - 1;
    const N = history.assets.length;
    const returns = this.returnsWindow(history, window);
    const common = {
      asOf: history.asOf,
      dates: history.dates(window),
      assets: history.assets,
      returns,
      minObservations,
      ...definedFields({ risk: m.risk }),
    };
    if (m.kind === 'statistical') {
      return fitPca({
        ...common,
        ...definedFields({ components: m.components, explainedVariance: m.explainedVariance, maxComponents: m.maxComponents, previous }),
      });
    }
    if (m.kind === 'cross-sectional') {
      const useCaps = (m.weighting ?? 'sqrt-cap') === 'sqrt-cap' && history.hasField('market_cap');
      const caps = useCaps ? history.view('market_cap', window) : undefined;
      return fitCrossSection({
        ...common,
        factors: m.factors,
        exposures: Array.from({ length: window }, (_, s) => (t - window + 1 + s >= 0 ? this.#standardized(t - window + 1 + s, N) : undefined)),
        ...(caps === undefined ? {} : { weights: caps.map((c) => (c > 0 ? Math.sqrt(c) : NaN)) }),
        ...definedFields({ horizonBars: m.horizonDays, neweyWestLags: m.neweyWestLags }),
        ...(m.industries === undefined ? {} : { industries: this.#industries(m.industries, t, window, history) }),
        cache: this.#regressions,
      });
    }
    const factorReturns = new Map<string, Float64Array>();
    if (m.market ?? true) factorReturns.set('market', this.#excess(this.#marketReturns(t, window), t, 1));
    for (const s of m.series ?? history.seriesNames().filter((name) => name !== this.#strategy.riskFree?.series)) factorReturns.set(s, history.series(s, window));
    for (const key of m.factorPortfolios ?? []) factorReturns.set(key, this.#portfolioReturns(history, key, window));
    if (factorReturns.size === 0) throw new StrategyError('invalid-strategy', `strategy '${this.#strategy.name}'`, 'model', 'a time-series model needs at least one factor (market, series or factorPortfolios)');
    return fitTimeSeries({ ...common, factorReturns, ...definedFields({ estimator: m.estimator }) });
  }

  /**
   * The model's factor returns on bar `history.asOf`, for attributing that
   * bar's P&L: observed returns for a time-series model (market, series,
   * factor portfolios), the bar's cross-sectional regression on the previous
   * close's exposures, or the projection of the bar's returns on the principal
   * components (missing returns as 0). `NaN` where a return cannot be formed.
   */
  factorReturnsAt(history: History, model: FactorModel): Float64Array {
    const m = this.#strategy.model;
    const N = history.assets.length;
    const K = model.factors.length;
    const t = history.length - 1;
    const out = new Float64Array(K).fill(NaN);
    if (t < 1) return out;
    const returns = this.#excess(history.latest('return'), t, N);
    if (m.kind === 'cross-sectional') {
      const caps = (m.weighting ?? 'sqrt-cap') === 'sqrt-cap' && history.hasField('market_cap') ? history.view('market_cap', 2).subarray(0, N) : undefined;
      const industries = m.industries === undefined ? undefined : this.#barIndustries(m.industries, t - 1, model);
      const fit = regressBarWithIndustries(this.#standardized(t - 1, N), returns, caps?.map((c) => (c > 0 ? Math.sqrt(c) : NaN)), m.factors.length, industries);
      if (fit !== undefined && typeof fit !== 'string') out.set(fit.coefficients);
      return out;
    }
    if (m.kind === 'statistical') {
      let fitted = 0;
      for (let i = 0; i < N; i++) if (model.observations[i] > 0) fitted++;
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let i = 0; i < N; i++) if (model.observations[i] > 0 && Number.isFinite(returns[i])) s += returns[i] * model.loadings[i * K + k];
        out[k] = s / fitted;
      }
      return out;
    }
    model.factors.forEach((name, k) => {
      if (name === 'market') out[k] = this.#excess(this.#marketReturns(t, 1), t, 1)[0];
      else if (history.seriesNames().includes(name)) out[k] = history.series(name, 1)[0];
      else if ((m.factorPortfolios ?? []).includes(name)) out[k] = this.#portfolioReturns(history, name, 2)[1];
    });
    return out;
  }

  /** The window's industry labels (each bar's as known at its close) and caps, for a cross-sectional fit. */
  #industries(field: string, t: number, window: number, history: History) {
    const N = this.#panel.assets.length;
    const labels = this.#panel.label(field);
    return {
      field,
      categories: labels.categories,
      codes: Array.from({ length: window }, (_, s) => {
        const bar = t - window + 1 + s;
        return bar >= 0 ? labels.codes.subarray(bar * N, (bar + 1) * N) : undefined;
      }),
      ...(history.hasField('market_cap') ? { caps: history.view('market_cap', window) } : {}),
    };
  }

  /** Bar `s`'s industry labels, reported in the order of `model`'s industry factors. */
  #barIndustries(field: string, s: number, model: FactorModel): BarIndustries {
    const N = this.#panel.assets.length;
    const labels = this.#panel.label(field);
    const index = new Map(labels.categories.map((c, k) => [`${field}:${c}`, k]));
    const listed = model.factors.flatMap((f) => (index.has(f) ? [index.get(f) as number] : []));
    const caps = this.#panel.hasField('market_cap') ? this.#panel.field('market_cap').subarray(s * N, (s + 1) * N) : undefined;
    return { codes: labels.codes.subarray(s * N, (s + 1) * N), listed, names: labels.categories, ...definedFields({ caps }) };
  }

  /**
   * The last `bars` bars of returns ending at `history.asOf` (`bars × N`), in
   * excess of the risk-free rate when the strategy names one: what the model
   * is fitted and evaluated on. Without a rate, inside the data, a read-only
   * view of the panel (fits never write to it); otherwise a copy.
   */
  returnsWindow(history: History, bars: number): Float64Array {
    const t = history.length - 1;
    const N = history.assets.length;
    const raw = t + 1 >= bars && this.riskFree === undefined ? this.#panel.field('return').subarray((t + 1 - bars) * N, (t + 1) * N) : history.window('return', bars);
    return this.#excess(raw, t, N);
  }

  /** `rows` (`bars × width`, ending at bar `t`) minus each bar's risk-free return, in place on a copy; unchanged without a rate. */
  #excess(rows: Float64Array, t: number, width: number): Float64Array {
    const rf = this.riskFree?.returns;
    if (rf === undefined) return rows;
    const bars = rows.length / width;
    for (let s = 0; s < bars; s++) {
      const bar = t - bars + 1 + s;
      if (bar < 0) continue;
      for (let i = 0; i < width; i++) rows[s * width + i] -= rf[bar];
    }
    return rows;
  }

  /** Forget exposures and regressions older than any future window can use. */
  prune(t: number): void {
    const oldest = t - this.#strategy.model.windowDays;
    for (const s of this.#exposures.keys()) if (s < oldest) this.#exposures.delete(s);
    const oldestDate = this.#panel.dates[Math.max(0, oldest)];
    for (const key of this.#regressions.keys()) if (key < oldestDate) this.#regressions.delete(key);
  }

  /**
   * Market returns of the `bars` bars ending at `t` (`NaN` before the data),
   * as `marketReturns` computes them, each bar computed once per run: bar `s`
   * reads only bars `s − 1` and `s`, so it is known from bar `s` on.
   */
  #marketReturns(t: number, bars: number): Float64Array {
    const N = this.#panel.assets.length;
    const ret = this.#panel.field('return');
    const caps = this.#panel.hasField('market_cap') ? this.#panel.field('market_cap') : undefined;
    for (let s = this.#marketThrough + 1; s <= t; s++) {
      this.#market[s] = s === 0 && caps !== undefined ? NaN : capWeightedMean(ret, caps, N, s * N, (s - 1) * N);
    }
    this.#marketThrough = Math.max(this.#marketThrough, t);
    const out = new Float64Array(bars).fill(NaN);
    const from = t + 1 - bars;
    out.set(this.#market.subarray(Math.max(0, from), t + 1), Math.max(0, -from));
    return out;
  }

  #factor(key: string) {
    const def = this.#strategy.factors[key];
    if (def === undefined) throw new StrategyError('unknown-exposure', `strategy '${this.#strategy.name}'`, 'model', `'${key}' is not one of the strategy's factors`);
    return def;
  }

  /** Raw exposures at bar `s` (`N × K` asset-major over the exposure keys), computed as of `s`. */
  #raw(s: number, N: number): Float64Array {
    const cached = this.#exposures.get(s);
    if (cached !== undefined) return cached;
    const history = History.internal(this.#panel, this.#series, s);
    const K = this.#exposureKeys.length;
    const out = new Float64Array(N * K);
    this.#exposureKeys.forEach((key, k) => {
      const x = computeFactor(this.#strategy.name, key, this.#factor(key), history);
      for (let i = 0; i < N; i++) out[i * K + k] = x[i];
    });
    this.#exposures.set(s, out);
    return out;
  }

  /** Exposures at bar `s`, each winsorised and z-scored (cap-weighted mean when caps exist). */
  #standardized(s: number, N: number): Float64Array {
    const raw = this.#raw(s, N);
    const K = this.#exposureKeys.length;
    const caps = this.#panel.hasField('market_cap') ? this.#panel.field('market_cap').subarray(s * N, (s + 1) * N) : undefined;
    const out = new Float64Array(N * K);
    for (let k = 0; k < K; k++) {
      const col = Float64Array.from({ length: N }, (_, i) => raw[i * K + k]);
      const z = zScore(winsorize(col, EXPOSURE_WINSOR), caps === undefined ? {} : { weights: caps });
      for (let i = 0; i < N; i++) out[i * K + k] = z[i];
    }
    return out;
  }

  /** Top-third minus bottom-third equal-weighted return per bar, sorted on the previous bar's exposure. */
  #portfolioReturns(history: History, key: string, window: number): Float64Array {
    const N = history.assets.length;
    const K = this.#exposureKeys.length;
    const k = this.#exposureKeys.indexOf(key);
    const t = history.length - 1;
    const rets = history.view('return', window);
    const out = new Float64Array(window).fill(NaN);
    for (let s = 1; s < window; s++) {
      const bar = t - window + 1 + s;
      if (bar - 1 < 0) continue;
      const raw = this.#raw(bar - 1, N);
      const ranked: number[] = [];
      for (let i = 0; i < N; i++) if (Number.isFinite(raw[i * K + k]) && Number.isFinite(rets[s * N + i])) ranked.push(i);
      if (ranked.length < 6) continue;
      ranked.sort((a, b) => raw[a * K + k] - raw[b * K + k]);
      const third = Math.floor(ranked.length / 3);
      let low = 0;
      let high = 0;
      for (let j = 0; j < third; j++) {
        low += rets[s * N + ranked[j]];
        high += rets[s * N + ranked[ranked.length - 1 - j]];
      }
      out[s] = (high - low) / third;
    }
    return out;
  }
}
