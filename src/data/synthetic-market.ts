import { createHash } from 'node:crypto';
import { Panel, SeriesSet, type Market } from '../core/panel.js';
import { Random } from '../core/random.js';
import { addDays, getUTCDay } from './date-fns-utc.js';

/** Settings of a generated market; every field has a default. */
export interface SyntheticMarketOptions {
  readonly seed?: number;
  readonly assets?: number;
  readonly days?: number;
  readonly startDate?: string;
  /** `continuous`: every calendar day (crypto); `business`: Monday to Friday. */
  readonly calendar?: 'continuous' | 'business';
  /** Fraction of assets that list after the first date. */
  readonly lateListingFraction?: number;
  /** Number of assets that delist before the last date (with a final delisting return). */
  readonly delistings?: number;
  /** Probability that a listed asset-day has a missing close. */
  readonly missingRate?: number;
}

/** Observed series of the generated market (known on the date they are stamped with). */
export const SYNTHETIC_SERIES = ['inflation_surprise', 'rate_change'] as const;
/** Characteristic factors planted through cross-sectional exposures. */
export const SYNTHETIC_STYLES = ['size', 'momentum', 'volatility', 'liquidity', 'carry'] as const;

/** What the generator planted, for tests that check a fit recovers it. */
export interface SyntheticTruth {
  /** Per asset: loadings on the market factor and on each series (assets × 3). */
  readonly betaMarket: Float64Array;
  readonly betaInflation: Float64Array;
  readonly betaRate: Float64Array;
  /** Per date: planted factor returns. */
  readonly factorReturns: ReadonlyMap<string, Float64Array>;
  /** Per date: 0 = calm, 1 = stress. */
  readonly regime: Uint8Array;
}

export interface SyntheticMarket {
  readonly market: Market;
  readonly truth: SyntheticTruth;
}

function makeDates(start: string, days: number, calendar: 'continuous' | 'business'): string[] {
  const out: string[] = [];
  let d = start;
  while (out.length < days) {
    const dow = getUTCDay(d);
    if (calendar === 'continuous' || (dow !== 0 && dow !== 6)) out.push(d);
    d = addDays(d, 1);
  }
  return out;
}

/** Cross-sectional z-score over the entries where `mask` is set (others untouched). */
function zScoreMasked(x: Float64Array, mask: Uint8Array): void {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) if (mask[i]) { sum += x[i]; n++; }
  if (n < 2) return;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < x.length; i++) if (mask[i]) ss += (x[i] - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1)) || 1;
  for (let i = 0; i < x.length; i++) if (mask[i]) x[i] = (x[i] - mean) / sd;
}

/**
 * Generate a market with a known factor structure, deterministically from `seed`:
 * daily returns `r = βᵢ·market + γᵢ·inflation_surprise + δᵢ·rate_change +
 * Σ exposure·style + ε`, with GARCH(1,1) market and residual variances, Student-t(4)
 * residuals, a calm/stress Markov regime, rare jumps, late listings, delistings with
 * a final delisting return, and missing closes. Style exposures are z-scores of
 * yesterday's characteristics (log market cap, 60-day return skipping 5 days,
 * residual volatility, log dollar volume, funding rate).
 */
export function generateSyntheticMarket(options: SyntheticMarketOptions = {}): SyntheticMarket {
  const seed = options.seed ?? 7;
  const n = options.assets ?? 150;
  const T = options.days ?? 1461;
  const rng = new Random(seed);
  const dates = makeDates(options.startDate ?? '2021-01-01', T, options.calendar ?? 'continuous');
  const assets = Array.from({ length: n }, (_, i) => `A${String(i + 1).padStart(3, '0')}`);

  const firstDay = new Int32Array(n);
  const lastDay = new Int32Array(n).fill(T - 1);
  const lateFraction = options.lateListingFraction ?? 0.25;
  for (let i = 0; i < n; i++) {
    firstDay[i] = rng.uniform() < lateFraction ? 30 + rng.int(Math.max(1, Math.floor(0.6 * T) - 30)) : 0;
  }
  const delistings = Math.min(options.delistings ?? Math.round(n / 12), n);
  const delistReturn = new Float64Array(n).fill(NaN);
  for (let k = 0; k < delistings; k++) {
    const i = rng.int(n);
    const earliest = firstDay[i] + Math.floor(0.3 * T);
    if (earliest >= T - 10 || lastDay[i] < T - 1) continue;
    lastDay[i] = earliest + rng.int(T - 10 - earliest);
    delistReturn[i] = -(0.3 + 0.6 * rng.uniform());
  }

  const betaMarket = new Float64Array(n);
  const betaInflation = new Float64Array(n);
  const betaRate = new Float64Array(n);
  const baseVol = new Float64Array(n);
  const shares = new Float64Array(n);
  const price = new Float64Array(n);
  const turnoverRate = new Float64Array(n);
  const fundingMean = new Float64Array(n);
  const funding = new Float64Array(n);
  const resVar = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    betaMarket[i] = 1 + 0.35 * rng.normal();
    betaInflation[i] = -0.004 + 0.004 * rng.normal();
    betaRate[i] = -0.001 + 0.0012 * rng.normal();
    const logCap = Math.log(1e7) + rng.uniform() * Math.log(1e4);
    price[i] = Math.exp(Math.log(0.5) + rng.uniform() * Math.log(2000));
    shares[i] = Math.exp(logCap) / price[i];
    baseVol[i] = 0.05 - 0.03 * ((logCap - Math.log(1e7)) / Math.log(1e4)) + 0.005 * rng.normal();
    baseVol[i] = Math.max(0.01, baseVol[i]);
    resVar[i] = baseVol[i] ** 2;
    turnoverRate[i] = 0.005 + 0.08 * rng.uniform();
    fundingMean[i] = 0.0001 + 0.0002 * rng.normal();
    funding[i] = fundingMean[i];
  }

  const close = new Float64Array(T * n).fill(NaN);
  const volume = new Float64Array(T * n).fill(NaN);
  const marketCap = new Float64Array(T * n).fill(NaN);
  const fundingRate = new Float64Array(T * n).fill(NaN);
  const delisting = new Float64Array(T * n).fill(NaN);
  const logPrice = new Float64Array(T * n).fill(NaN);
  const factorNames = ['market', ...SYNTHETIC_SERIES, ...SYNTHETIC_STYLES];
  const factorReturns = new Map(factorNames.map((f) => [f, new Float64Array(T)]));
  const regime = new Uint8Array(T);
  const inflation = new Float64Array(T);
  const rates = new Float64Array(T);

  const garchAlpha = 0.08;
  const garchBeta = 0.9;
  const marketVolCalm = 0.025;
  let marketVar = marketVolCalm ** 2;
  let lastMarketShock = 0;
  let state = 0;
  const listed = new Uint8Array(n);
  const exposure = SYNTHETIC_STYLES.map(() => new Float64Array(n));
  const missingRate = options.missingRate ?? 0.002;

  for (let t = 0; t < T; t++) {
    if (t > 0) state = state === 0 ? (rng.uniform() < 1 / 250 ? 1 : 0) : rng.uniform() < 1 / 60 ? 0 : 1;
    regime[t] = state;
    const stress = state === 1;
    for (let i = 0; i < n; i++) listed[i] = t >= firstDay[i] && t <= lastDay[i] ? 1 : 0;

    // Exposures from characteristics known at the end of t-1.
    for (let i = 0; i < n; i++) {
      if (!listed[i]) continue;
      exposure[0][i] = Math.log(shares[i] * price[i]);
      const back = t - 5;
      const from = Math.max(firstDay[i], t - 65);
      exposure[1][i] = back > from ? logPrice[(back - 1) * n + i] - logPrice[from * n + i] : 0;
      exposure[2][i] = Math.sqrt(resVar[i]);
      exposure[3][i] = Math.log(shares[i] * price[i] * turnoverRate[i]);
      exposure[4][i] = funding[i];
    }
    for (const x of exposure) zScoreMasked(x, listed);

    marketVar = marketVolCalm ** 2 * (1 - garchAlpha - garchBeta) + garchAlpha * lastMarketShock ** 2 + garchBeta * marketVar;
    const mVol = Math.sqrt(marketVar) * (stress ? 1.8 : 1);
    lastMarketShock = Math.sqrt(marketVar) * rng.studentTUnitVariance(5);
    const fMarket = (stress ? -0.003 : 0.001) + lastMarketShock * (mVol / Math.sqrt(marketVar));
    inflation[t] = Math.round(rng.studentTUnitVariance(5) * 1e4) / 1e4;
    rates[t] = Math.round(5 * rng.studentTUnitVariance(5) * 1e3) / 1e3;
    const styleMeans = stress ? [0.0002, -0.0025, -0.0005, 0.0003, -0.0003] : [-0.0002, 0.0008, -0.0002, -0.0002, -0.0003];
    const styleReturns = styleMeans.map((mu) => mu + 0.004 * rng.normal());
    factorReturns.get('market')![t] = fMarket;
    factorReturns.get('inflation_surprise')![t] = inflation[t];
    factorReturns.get('rate_change')![t] = rates[t];
    SYNTHETIC_STYLES.forEach((s, k) => (factorReturns.get(s)![t] = styleReturns[k]));

    for (let i = 0; i < n; i++) {
      if (!listed[i]) continue;
      const cell = t * n + i;
      let r = 0;
      if (t > firstDay[i]) {
        const h = resVar[i];
        const shock = Math.sqrt(h) * (stress ? 1.5 : 1) * rng.studentTUnitVariance(4);
        resVar[i] = baseVol[i] ** 2 * (1 - garchAlpha - garchBeta) + garchAlpha * (shock * shock) / (stress ? 2.25 : 1) + garchBeta * h;
        r = betaMarket[i] * fMarket + betaInflation[i] * inflation[t] + betaRate[i] * rates[t] + shock;
        for (let k = 0; k < SYNTHETIC_STYLES.length; k++) r += exposure[k][i] * styleReturns[k];
        if (rng.uniform() < 0.001) r += -0.05 + 0.15 * rng.normal();
        r = Math.max(r, -0.9);
        price[i] *= 1 + r;
      }
      funding[i] = 0.95 * funding[i] + 0.05 * fundingMean[i] + 0.0001 * rng.normal();
      logPrice[cell] = Math.log(price[i]);
      const dollarVolume = shares[i] * price[i] * turnoverRate[i] * Math.exp(0.5 * rng.normal()) * (1 + (3 * Math.abs(r)) / baseVol[i]);
      const edge = t === firstDay[i] || t === lastDay[i];
      close[cell] = !edge && rng.uniform() < missingRate ? NaN : roundSignificant(price[i], 6);
      volume[cell] = roundSignificant(dollarVolume / price[i], 3);
      marketCap[cell] = roundSignificant(shares[i] * price[i], 4);
      fundingRate[cell] = Math.round(funding[i] * 1e6) / 1e6;
      if (t === lastDay[i] && !Number.isNaN(delistReturn[i])) delisting[cell] = Math.round(delistReturn[i] * 1e4) / 1e4;
    }
  }

  const panel = new Panel(dates, assets, new Map([
    ['close', close],
    ['volume', volume],
    ['market_cap', marketCap],
    ['funding_rate', fundingRate],
    ['delisting_return', delisting],
  ]));
  const series = new SeriesSet(dates, new Map([
    ['inflation_surprise', inflation],
    ['rate_change', rates],
  ]));
  const fingerprint = createHash('sha256').update(`synthetic:${JSON.stringify({ ...options, seed, n, T })}`).digest('hex');
  return {
    market: { panel, series, fingerprint, source: `synthetic(seed=${seed})` },
    truth: { betaMarket, betaInflation, betaRate, factorReturns, regime },
  };
}

function roundSignificant(x: number, digits: number): number {
  return Number(x.toPrecision(digits));
}
