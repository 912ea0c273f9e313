/**
 * Times one refit of each model kind on synthetic data: N assets, K factors,
 * a T-bar window (default 1000 × 10 × 252), then how the time grows with N and
 * with K. Not a test: it prints figures (median of `--repeats` fits, ms).
 *
 *   npm run bench:model [-- --repeats 5]
 */
import { parseArgs } from 'node:util';
import { Random } from '../src/core/random.js';
import { fitCrossSection, type CrossSectionBar } from '../src/model/fit-cross-section.js';
import { fitPca } from '../src/model/fit-pca.js';
import { fitTimeSeries } from '../src/model/fit-time-series.js';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '5' } } });
const repeats = Number(values.repeats);
const T = 252;

/** Returns `r = B f + e` with 3% of cells missing, plus the factor returns and per-bar exposures. */
function makeProblem(N: number, K: number, seed: number, bars = T) {
  const T = bars;
  const rng = new Random(seed);
  const B = Float64Array.from({ length: N * K }, () => rng.normal());
  const f = Float64Array.from({ length: T * K }, () => 0.01 * rng.normal());
  const returns = new Float64Array(T * N);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < N; i++) {
      let r = 0.02 * rng.normal();
      for (let k = 0; k < K; k++) r += B[i * K + k] * f[t * K + k];
      returns[t * N + i] = rng.uniform() < 0.03 ? NaN : r;
    }
  }
  const dates = Array.from({ length: T }, (_, t) => `2024-${String(Math.floor(t / 28) + 1).padStart(2, '0')}-${String((t % 28) + 1).padStart(2, '0')}`);
  const factorReturns = new Map(Array.from({ length: K }, (_, k) => [`f${k}`, Float64Array.from({ length: T }, (_, t) => f[t * K + k])]));
  // Exposures drift a little from bar to bar, as real characteristics do.
  const exposures = Array.from({ length: T }, () => B.map((b) => b + 0.05 * rng.normal()));
  return { assets: Array.from({ length: N }, (_, i) => `A${i}`), dates, returns, factorReturns, exposures, factors: [...factorReturns.keys()] };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => unknown): number {
  fn();
  const ms: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    fn();
    ms.push(performance.now() - start);
  }
  return median(ms);
}

function timeAll(N: number, K: number): Record<string, number> {
  const p = makeProblem(N, K, N * 31 + K);
  const common = { asOf: p.dates[T - 1], dates: p.dates, assets: p.assets, returns: p.returns, minObservations: 200 };
  return {
    'time-series OLS': time(() => fitTimeSeries({ ...common, factorReturns: p.factorReturns })),
    'time-series ridge': time(() => fitTimeSeries({ ...common, factorReturns: p.factorReturns, estimator: { method: 'ridge' } })),
    'cross-sectional': time(() => fitCrossSection({ ...common, factors: p.factors, exposures: p.exposures })),
    'statistical (PCA)': time(() => fitPca({ ...common, components: K })),
  };
}

const fmt = (x: number): string => x.toFixed(1).padStart(9);
function print(title: string, label: string, points: number[], rows: Array<Record<string, number>>): void {
  console.log(`\n${title}`);
  const kinds = Object.keys(rows[0]);
  console.log(`${'model'.padEnd(20)}${points.map((p) => `${label}=${p}`.padStart(9)).join('')}`);
  for (const kind of kinds) console.log(`${kind.padEnd(20)}${rows.map((r) => fmt(r[kind])).join('')}`);
}

/** A monthly rolling refit (21 new bars) of the cross-sectional model, reusing the cached per-bar regressions. */
function timeRollingCrossSection(N: number, K: number): number {
  const step = 21;
  const p = makeProblem(N, K, 7, T + step);
  const window = (from: number) => ({
    asOf: p.dates[from + T - 1], dates: p.dates.slice(from, from + T), assets: p.assets, returns: p.returns.subarray(from * N, (from + T) * N),
    factors: p.factors, exposures: p.exposures.slice(from, from + T), minObservations: 200,
  });
  const ms: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const cache = new Map<string, CrossSectionBar>();
    fitCrossSection({ ...window(0), cache });
    const start = performance.now();
    fitCrossSection({ ...window(step), cache });
    ms.push(performance.now() - start);
  }
  return median(ms);
}

console.log(`Refit time (ms, median of ${repeats}), T = ${T} bars, 3% missing returns, node ${process.version}`);
const headline = { ...timeAll(1000, 10), 'cross-sectional, monthly roll (cached)': timeRollingCrossSection(1000, 10) };
console.log('\nN = 1000 assets, K = 10 factors:');
for (const [kind, ms] of Object.entries(headline)) console.log(`  ${kind.padEnd(40)} ${ms.toFixed(1)} ms`);
const Ns = [250, 500, 1000, 2000];
// Full refits from scratch (no cache) below.
print('Growth with N (K = 10)', 'N', Ns, Ns.map((N) => timeAll(N, 10)));
const Ks = [2, 5, 10, 20];
print('Growth with K (N = 1000)', 'K', Ks, Ks.map((K) => timeAll(1000, K)));
