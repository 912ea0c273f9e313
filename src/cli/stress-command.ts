import { existsSync } from 'node:fs';
import { History } from '../core/history.js';
import { Random } from '../core/random.js';
import { UsageError } from '../core/errors.js';
import { withReturns } from '../data/derive-returns.js';
import { loadMarket } from '../data/load-market.js';
import { blockBootstrap, factorShocks, worstWindows, type FactorShock } from '../diagnostics/stress.js';
import { marketReturns } from '../factors/market-return.js';
import { openDatabase } from '../store/open-database.js';
import { readRun } from '../store/read-run.js';
import { percent, table } from './format.js';

export interface StressCommandOptions {
  readonly runId?: string;
  readonly db: string;
  readonly samples?: string;
  readonly block?: string;
  readonly seed?: string;
  readonly json: boolean;
}

/** Default shocks: every model factor down three standard deviations (per bar), and the market down 30%. */
function defaultShocks(factors: readonly string[], covariance: Float64Array): FactorShock[] {
  const K = factors.length;
  const shocks: FactorShock[] = factors.map((f, k) => ({ name: `${f} −3σ`, factor: f, move: -3 * Math.sqrt(covariance[k * K + k]) }));
  if (factors.includes('market')) shocks.unshift({ name: 'market −30%', factor: 'market', move: -0.3 });
  return shocks;
}

/**
 * `factorlab stress <run>`: what the run's last book would lose under factor
 * shocks through its last risk model, over the worst historical market windows
 * of its data, and across a stationary block bootstrap of its own daily returns.
 */
export function stressCommand(options: StressCommandOptions): void {
  const runId = Number(options.runId);
  if (!Number.isInteger(runId) || runId <= 0) throw new UsageError(`stress needs a run id: factorlab stress 3 (got ${options.runId ?? 'none'})`);
  const int = (flag: string, value: string | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    const x = Number(value);
    if (!(Number.isInteger(x) && x >= 1)) throw new UsageError(`${flag} '${value}' must be a positive integer`);
    return x;
  };
  const samples = int('--samples', options.samples, 2000);
  const block = int('--block', options.block, 20);
  const seed = int('--seed', options.seed, 1);
  if (!existsSync(options.db)) throw new UsageError(`database '${options.db}' not found; pass the --db the run was recorded in`);
  const db = openDatabase(options.db);
  let run;
  try {
    run = readRun(db, runId);
  } finally {
    db.close();
  }
  const market = loadMarket(run.dataSource);
  const panel = withReturns(market.panel);
  const n = panel.assets.length;
  const weights = Float64Array.from(panel.assets, (a) => run.holdings.get(a) ?? 0);
  const shocks = run.fit === undefined ? [] : (() => {
    const fit = run.fit;
    const K = fit.factors.length;
    const exposures = new Float64Array(K);
    for (const [asset, w] of run.holdings) {
      const b = fit.loadings.get(asset);
      if (b !== undefined) for (let k = 0; k < K; k++) if (Number.isFinite(b[k])) exposures[k] += w * b[k];
    }
    return factorShocks(fit.factors, exposures, fit.covariance, defaultShocks(fit.factors, fit.covariance));
  })();
  const all = new History(panel, new Map(), panel.dates.length - 1);
  const reference = marketReturns(all, panel.dates.length);
  const returns = panel.field('return');
  const windows = [1, 5, 20].flatMap((bars) => worstWindows(panel.dates, reference, returns, weights, bars, 3).map((w) => ({ bars, ...w })));
  const bootstrap = blockBootstrap(run.netReturns, new Random(seed), samples, block);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ run: run.id, asOf: run.lastDate, positions: run.holdings.size, shocks: shocks.map((s) => ({ name: s.name, portfolioReturn: s.portfolioReturn })), worstWindows: windows, bootstrap }, null, 2)}\n`);
    return;
  }
  const lines = [
    `stress of run ${run.id} (${run.strategy}): the book of ${run.lastDate} (${run.holdings.size} positions, ${n} assets in the data)`,
    '',
    run.fit === undefined ? 'factor shocks: no model fit stored' : `factor shocks through the risk model fitted on ${run.fit.date} (other factors move by their conditional expectation):`,
    ...(shocks.length === 0 ? [] : [table(['Scenario', 'Book return'], shocks.map((s) => [s.name, percent(s.portfolioReturn)]))]),
    '',
    'worst historical windows of the cap-weighted market, the book held through them:',
    table(['Bars', 'From', 'To', 'Market', 'Book'], windows.map((w) => [String(w.bars), w.start, w.end, percent(w.referenceReturn), percent(w.portfolioReturn)])),
    '',
    `stationary block bootstrap of the run's ${run.netReturns.length} daily returns (${samples} paths, mean block ${block} bars, seed ${seed}; empirical, fat tails kept):`,
    table(
      ['Quantile', 'Terminal return', 'Max drawdown'],
      (['p05', 'p50', 'p95'] as const).map((q) => [`${Number(q.slice(1))}%`, percent(bootstrap.terminalReturn[q]), percent(bootstrap.maxDrawdown[q])]),
    ),
    `probability of a loss over the period: ${percent(bootstrap.probabilityOfLoss, 1)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
