import { existsSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { loadBookCsv } from '../data/load-book-csv.js';
import { loadMarket } from '../data/load-market.js';
import { hedgeBookAt } from '../app/hedge-book.js';
import { createHighsSolver } from '../optimize/highs-solver.js';
import { loadStrategy } from '../strategy/load-strategy.js';
import { dateFlag, numberFlag } from './flags.js';
import { fixed } from '../core/format-number.js';
import { table } from './format.js';

export interface HedgeCommandOptions {
  readonly strategyFile: string;
  readonly data: string;
  readonly book?: string;
  readonly date?: string;
  readonly instruments?: string;
  readonly factors?: string;
  readonly band?: string;
  readonly maxWeight?: string;
  readonly json: boolean;
}

/** `factorlab hedge`: hedge a book's model-factor exposures with chosen instruments. */
export async function hedgeCommand(options: HedgeCommandOptions): Promise<void> {
  const required = (flag: string, value: string | undefined): string => {
    if (value === undefined || value === '') throw new UsageError(`hedge needs ${flag} (factorlab hedge <strategy.ts> --book book.csv --date yyyy-mm-dd --instruments A001,A002 --factors market)`);
    return value;
  };
  const book = required('--book', options.book);
  const date = required('--date', options.date);
  dateFlag('--date', date);
  const list = (value: string): string[] => value.split(',').map((x) => x.trim()).filter((x) => x !== '');
  const instruments = list(required('--instruments', options.instruments));
  const factors = list(required('--factors', options.factors));
  const band = numberFlag('--band', options.band, { atLeast: 0 }) ?? 0;
  const maxAbsWeight = numberFlag('--max-weight', options.maxWeight, { above: 0 }) ?? 1;
  if (!existsSync(options.strategyFile)) throw new UsageError(`strategy file '${options.strategyFile}' not found`);
  const market = loadMarket(options.data);
  const strategy = await loadStrategy(options.strategyFile, market.series.names);
  const weights = loadBookCsv(book, market.panel.assets);
  const result = await hedgeBookAt(strategy.definition, market, { date, book: weights, instruments, factors, band, maxAbsWeight }, [await createHighsSolver()]);
  const assets = result.model.assets;
  const trades = assets.flatMap((a, i) => (result.hedge[i] !== 0 ? [{ asset: a, hedge: result.hedge[i], weight: result.weights[i] }] : []));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ asOf: result.model.asOf, factors, exposuresBefore: Array.from(result.exposuresBefore), exposuresAfter: Array.from(result.exposuresAfter), trades, cost: result.cost }, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    [
      `hedge of ${book} with the ${result.model.kind} model of ${strategy.definition.name} fitted on ${result.model.asOf}`,
      '',
      table(['Factor', 'Exposure before', 'Exposure after', 'Band'], factors.map((f, k) => [f, fixed(result.exposuresBefore[k], 4), fixed(result.exposuresAfter[k], 4), `±${band}`])),
      '',
      trades.length === 0 ? 'no hedge needed' : table(['Instrument', 'Hedge trade', 'Weight after'], trades.map((x) => [x.asset, fixed(x.hedge, 4), fixed(x.weight, 4)])),
      `cost of the hedge: ${(result.cost * 1e4).toFixed(2)} bps of NAV`,
    ].join('\n') + '\n',
  );
}
