/**
 * The factor library, as the `factor` namespace strategies use. Every factor
 * made here is frozen and registered, so the engine hands it an internal
 * history (zero-copy windows of the panel, never reaching past `asOf`); a
 * factor defined anywhere else, or a copy of one of these, is handed a served
 * history (copies), since its code is not the library's.
 */
import { fundingCarry as makeFundingCarry } from './carry.js';
import { excessKurtosis as makeExcessKurtosis, skewness as makeSkewness } from './distribution.js';
import { downsideBeta as makeDownsideBeta } from './downside-beta.js';
import type { FactorDefinition } from './factor.js';
import { idiosyncraticVolatility as makeIdiosyncraticVolatility } from './idiosyncratic-volatility.js';
import { amihudIlliquidity as makeAmihudIlliquidity, logDollarVolume as makeLogDollarVolume } from './liquidity.js';
import { marketBeta as makeMarketBeta } from './market-beta.js';
import { maxReturn as makeMaxReturn } from './max-return.js';
import { momentum as makeMomentum } from './momentum.js';
import { shortTermReversal as makeShortTermReversal } from './reversal.js';
import { seriesBeta as makeSeriesBeta } from './series-beta.js';
import { logMarketCap as makeLogMarketCap } from './size.js';
import { volatility as makeVolatility } from './volatility.js';

const REGISTERED = new WeakSet<FactorDefinition>();

/** Wrap a library factory: what it makes is frozen (its `compute` cannot be replaced) and registered. */
function registered<A extends unknown[]>(make: (...args: A) => FactorDefinition): (...args: A) => FactorDefinition {
  return (...args) => {
    const def = Object.freeze(make(...args));
    REGISTERED.add(def);
    return def;
  };
}

/** Whether `def` was made by this library (and may read zero-copy windows). */
export function isLibraryFactor(def: FactorDefinition): boolean {
  return REGISTERED.has(def);
}

/** See `momentum.ts`. */
export const momentum = registered(makeMomentum);
/** See `reversal.ts`. */
export const shortTermReversal = registered(makeShortTermReversal);
/** See `volatility.ts`. */
export const volatility = registered(makeVolatility);
/** See `idiosyncratic-volatility.ts`. */
export const idiosyncraticVolatility = registered(makeIdiosyncraticVolatility);
/** See `market-beta.ts`. */
export const marketBeta = registered(makeMarketBeta);
/** See `downside-beta.ts`. */
export const downsideBeta = registered(makeDownsideBeta);
/** See `size.ts`. */
export const logMarketCap = registered(makeLogMarketCap);
/** See `liquidity.ts`. */
export const amihudIlliquidity = registered(makeAmihudIlliquidity);
export const logDollarVolume = registered(makeLogDollarVolume);
/** See `distribution.ts`. */
export const skewness = registered(makeSkewness);
export const excessKurtosis = registered(makeExcessKurtosis);
/** See `max-return.ts`. */
export const maxReturn = registered(makeMaxReturn);
/** See `carry.ts`. */
export const fundingCarry = registered(makeFundingCarry);
/** See `series-beta.ts`. */
export const seriesBeta = registered(makeSeriesBeta);
