import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { withReturns } from '../data/derive-returns.js';
import { loadRecordedMarket } from '../data/load-market.js';
import { stressBook } from '../diagnostics/stress-book.js';
import { openDatabase } from '../store/open-database.js';
import { readRun } from '../store/read-run.js';
import { integerFlag } from './flags.js';
import { percent } from '../core/format-number.js';
import { table } from './format.js';
import { definedFields } from '../core/defined-fields.js';

export interface StressCommandOptions {
  readonly runId?: string;
  readonly db: string;
  readonly samples?: string;
  readonly block?: string;
  readonly seed?: string;
  readonly json: boolean;
}

/**
 * `factorlab stress <run>`: what the run's last book would lose under factor
 * shocks through its last risk model, over the worst historical market windows
 * of its data, and across a stationary block bootstrap of its own daily returns.
 */
export function stressCommand(options: StressCommandOptions): void {
  if (options.runId === undefined) throw new UsageError('stress needs a run id: factorlab stress 3 --db runs/demo.sqlite');
  const runId = integerFlag('stress run id', options.runId, 1, 0);
  const samples = integerFlag('--samples', options.samples, 1, 2000);
  const block = integerFlag('--block', options.block, 1, 20);
  const seed = integerFlag('--seed', options.seed, 1, 1);
  if (!existsSync(options.db)) throw new UsageError(`database '${options.db}' not found; pass the --db the run was recorded in`);
  const db = openDatabase(options.db, { readonly: true });
  let run;
  try {
    run = readRun(db, runId);
  } finally {
    db.close();
  }
  const panel = withReturns(loadRecordedMarket(run).panel);
  const { shocks, worstWindows: windows, bootstrap } = stressBook({ panel, holdings: run.holdings, netReturns: run.netReturns, samples, meanBlockBars: block, seed, ...definedFields({ fit: run.fit }) });
  const n = panel.assets.length;
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
