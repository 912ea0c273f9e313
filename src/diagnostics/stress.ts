import { quantileSorted } from '../stats/quantile.js';
import type { Random } from '../core/random.js';

/** A factor shock: a move of one factor, propagated to the others through the factor covariance. */
export interface FactorShock {
  readonly name: string;
  readonly factor: string;
  /** The shocked factor's move (a return, or a series' change in its units). */
  readonly move: number;
}

export interface ShockResult {
  readonly name: string;
  /** Portfolio return under the shock: `Σₖ (B'w)ₖ·E[fₖ | f_shocked = move]`. */
  readonly portfolioReturn: number;
  /** The conditional move of every factor. */
  readonly factorMoves: Float64Array;
}

/**
 * Factor shock scenarios through the risk model: the shocked factor moves by
 * `move`; every other factor moves by its conditional expectation under the
 * factor covariance, `F[k, j] / F[j, j] · move` (so correlated factors move
 * together, as in a crash); the book's return is its exposures times those
 * moves. Specific returns are taken as 0.
 * @param exposures `B'w`, one per factor
 * @param covariance K × K factor covariance (row-major)
 */
export function factorShocks(factors: readonly string[], exposures: Float64Array, covariance: Float64Array, shocks: readonly FactorShock[]): ShockResult[] {
  const K = factors.length;
  return shocks.map(({ name, factor, move }) => {
    const j = factors.indexOf(factor);
    if (j < 0) throw new RangeError(`stress: shock '${name}' names factor '${factor}', not one of ${factors.join(', ')}`);
    const variance = covariance[j * K + j];
    const factorMoves = Float64Array.from({ length: K }, (_, k) => (k === j ? move : variance > 0 ? (covariance[k * K + j] / variance) * move : 0));
    let portfolioReturn = 0;
    for (let k = 0; k < K; k++) portfolioReturn += exposures[k] * factorMoves[k];
    return { name, portfolioReturn, factorMoves };
  });
}

export interface WindowReplay {
  readonly start: string;
  readonly end: string;
  /** Compounded return of the reference (e.g. the market) over the window. */
  readonly referenceReturn: number;
  /** Return of the book over the window, holding its weights fixed (no rebalancing). */
  readonly portfolioReturn: number;
}

/**
 * Replay the worst historical windows: the `count` non-overlapping `bars`-bar
 * windows with the lowest compounded `reference` return, and the return the
 * book `weights` would have had over each (buy and hold; missing asset returns 0).
 * @param assetReturns date-major `T × N`
 */
export function worstWindows(dates: readonly string[], reference: Float64Array, assetReturns: Float64Array, weights: Float64Array, bars: number, count: number): WindowReplay[] {
  const T = dates.length;
  const N = weights.length;
  const candidates: Array<{ from: number; value: number }> = [];
  for (let from = 0; from + bars <= T; from++) {
    let g = 1;
    let valid = true;
    for (let t = from; t < from + bars; t++) {
      if (!Number.isFinite(reference[t])) valid = false;
      g *= 1 + reference[t];
    }
    if (valid) candidates.push({ from, value: g - 1 });
  }
  candidates.sort((a, b) => a.value - b.value);
  const chosen: Array<{ from: number; value: number }> = [];
  for (const c of candidates) {
    if (chosen.length === count) break;
    if (chosen.every((x) => Math.abs(x.from - c.from) >= bars)) chosen.push(c);
  }
  return chosen.map(({ from, value }) => {
    const values = Float64Array.from(weights);
    for (let t = from; t < from + bars; t++) {
      for (let i = 0; i < N; i++) {
        const r = assetReturns[t * N + i];
        if (Number.isFinite(r)) values[i] *= 1 + r;
      }
    }
    const start = weights.reduce((a, b) => a + b, 0);
    const end = values.reduce((a, b) => a + b, 0);
    // Cash (1 − Σw) is unchanged, so the book's return is the change in its positions' value.
    return { start: dates[from], end: dates[from + bars - 1], referenceReturn: value, portfolioReturn: end - start };
  });
}

export interface BootstrapResult {
  readonly samples: number;
  readonly meanBlockBars: number;
  /** Quantiles (5%, 50%, 95%) of the terminal compounded return and the maximum drawdown over paths as long as the input. */
  readonly terminalReturn: { readonly p05: number; readonly p50: number; readonly p95: number };
  readonly maxDrawdown: { readonly p05: number; readonly p50: number; readonly p95: number };
  /** Share of paths that lose money. */
  readonly probabilityOfLoss: number;
}

/**
 * Stationary block bootstrap (Politis and Romano 1994) of per-bar returns:
 * each path starts at a random bar and at every step continues the current
 * block with probability `1 − 1/meanBlockBars` or jumps to a random bar,
 * wrapping around, so serial dependence (volatility clusters) survives. It
 * resamples the empirical returns, fat tails included; nothing is assumed
 * normal.
 */
export function blockBootstrap(returns: readonly number[], rng: Random, samples = 2000, meanBlockBars = 20): BootstrapResult {
  const T = returns.length;
  if (T < 2) throw new RangeError('blockBootstrap needs at least 2 returns');
  const terminal = new Float64Array(samples);
  const drawdown = new Float64Array(samples);
  const stay = 1 - 1 / meanBlockBars;
  for (let s = 0; s < samples; s++) {
    let at = rng.int(T);
    let nav = 1;
    let peak = 1;
    let worst = 0;
    for (let step = 0; step < T; step++) {
      if (step > 0) at = rng.uniform() < stay ? (at + 1) % T : rng.int(T);
      nav *= 1 + returns[at];
      peak = Math.max(peak, nav);
      worst = Math.max(worst, 1 - nav / peak);
    }
    terminal[s] = nav - 1;
    drawdown[s] = worst;
  }
  const quantiles = (x: Float64Array): { p05: number; p50: number; p95: number } => {
    const sorted = x.slice().sort();
    return { p05: quantileSorted(sorted, 0.05), p50: quantileSorted(sorted, 0.5), p95: quantileSorted(sorted, 0.95) };
  };
  return { samples, meanBlockBars, terminalReturn: quantiles(terminal), maxDrawdown: quantiles(drawdown), probabilityOfLoss: terminal.filter((x) => x < 0).length / samples };
}
