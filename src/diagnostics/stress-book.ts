import { History } from '../core/history.js';
import type { Panel } from '../core/panel.js';
import { Random } from '../core/random.js';
import { marketReturns } from '../factors/market-return.js';
import { blockBootstrap, factorShocks, worstWindows, type BootstrapResult, type FactorShock, type ShockResult, type WindowReplay } from './stress.js';

/** A book and its last risk model, as a stored run holds them. */
export interface StressBookInput {
  /** The market panel with a `return` field. */
  readonly panel: Panel;
  /** Closing weights by asset. */
  readonly holdings: ReadonlyMap<string, number>;
  readonly netReturns: readonly number[];
  readonly fit?: {
    readonly factors: readonly string[];
    /** K × K, row-major. */
    readonly covariance: Float64Array;
    readonly loadings: ReadonlyMap<string, Float64Array>;
  };
  readonly samples: number;
  readonly meanBlockBars: number;
  readonly seed: number;
}

export interface StressBookResult {
  readonly shocks: ShockResult[];
  readonly worstWindows: Array<WindowReplay & { readonly bars: number }>;
  readonly bootstrap: BootstrapResult;
}

/** Default shocks: the market down 30% (when it is a factor), then every model factor down three standard deviations (per bar). */
export function defaultShocks(factors: readonly string[], covariance: Float64Array): FactorShock[] {
  const K = factors.length;
  const shocks: FactorShock[] = factors.map((f, k) => ({ name: `${f} −3σ`, factor: f, move: -3 * Math.sqrt(covariance[k * K + k]) }));
  if (factors.includes('market')) shocks.unshift({ name: 'market −30%', factor: 'market', move: -0.3 });
  return shocks;
}

/**
 * The three stress views of a book: factor shocks through its risk model, the
 * worst 1-, 5- and 20-bar windows of the cap-weighted market with the book held
 * through them (three of each), and a stationary block bootstrap of its daily returns.
 */
export function stressBook(input: StressBookInput): StressBookResult {
  const { panel, holdings, fit } = input;
  const shocks = fit === undefined ? [] : (() => {
    const K = fit.factors.length;
    const exposures = new Float64Array(K);
    for (const [asset, w] of holdings) {
      const b = fit.loadings.get(asset);
      if (b !== undefined) for (let k = 0; k < K; k++) if (Number.isFinite(b[k])) exposures[k] += w * b[k];
    }
    return factorShocks(fit.factors, exposures, fit.covariance, defaultShocks(fit.factors, fit.covariance));
  })();
  const weights = Float64Array.from(panel.assets, (a) => holdings.get(a) ?? 0);
  const all = History.internal(panel, new Map(), panel.dates.length - 1);
  const reference = marketReturns(all, panel.dates.length);
  const returns = panel.field('return');
  const windows = [1, 5, 20].flatMap((bars) => worstWindows(panel.dates, reference, returns, weights, bars, 3).map((w) => ({ bars, ...w })));
  const bootstrap = blockBootstrap(input.netReturns, new Random(input.seed), input.samples, input.meanBlockBars);
  return { shocks, worstWindows: windows, bootstrap };
}
