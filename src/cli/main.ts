import { parseArgs } from 'node:util';
import { FactorlabError, UsageError } from '../core/errors.js';
import { checkDataCommand } from './check-data-command.js';
import { hedgeCommand } from './hedge-command.js';
import { modelCommand } from './model-command.js';
import { compareCommand } from './compare-command.js';
import { stressCommand } from './stress-command.js';
import { studyCommand } from './study-command.js';
import { runCommand } from './run-command.js';
import { runsCommand } from './runs-command.js';

const HELP = `factorlab: factor models, walk-forward backtests, factor-neutral portfolios

Usage:
  factorlab run <strategy.ts> [--data <dir|file>] [--db <file>] [--from <date>] [--to <date>]
                [--backend highs|javascript-lp-solver] [--json] [--quiet]
  factorlab run --resume <run id> [--db <file>]
  factorlab runs [--db <file>] [--json] [--diff <run a> <run b>]
  factorlab check-data [<dir|file>] [--extreme <x>] [--stale-days <n>] [--gap-days <n>] [--all] [--json]
  factorlab hedge <strategy.ts> --book <book.csv> --date <yyyy-mm-dd> --instruments <ids> --factors <names>
                  [--band <x>] [--max-weight <x>] [--data <dir|file>] [--json]
  factorlab study <strategy.ts> [--folds <n>] [--train-days <n>] [--test-days <n>] [--anchored] [--purge <n>] [--embargo <n>]
                  [--workers <n>] [--select-by sharpe|return|sortino] [--data <dir|file>] [--db <file>] [--json] [--quiet]
  factorlab compare <r<run id>|s<study id>...> [--db <file>] [--json]
  factorlab stress <run id> [--db <file>] [--samples <n>] [--block <bars>] [--seed <n>] [--json]
  factorlab model <strategy.ts> --date <yyyy-mm-dd> [--data <dir|file>] [--json]
  factorlab help

Commands:
  run    Walk-forward run of a strategy module; prints a summary and records the run in SQLite.
         --resume continues an interrupted run from its last whole day.
  runs   Lists the runs recorded in a database; --diff says what differs between two runs.
  check-data  Data-quality report: probable unadjusted splits, stale prices, non-positive prices,
         extreme moves and gaps, per asset and date (default data/sample).
  hedge  Positions in the given instruments that bring a book's model-factor exposures into
         a band at least cost (book.csv: asset,weight).
  study  Walk-forward study of the strategy's params grid: in-sample selection per fold, stitched
         out-of-sample path, PSR/DSR/MinTRL and the probability of backtest overfitting.
  compare  Runs and studies side by side (studies: their out-of-sample statistics).
  stress Factor shocks, worst historical windows and a block bootstrap for a recorded run.
  model  Fits the strategy's factor model on the window ending at --date and prints factors,
         t-stats, IC, R² distribution and the predicted risk of the strategy's portfolio.

Options:
  --data     Market directory (prices.csv, optional series.csv) or long CSV file (default data/sample)
  --db       SQLite file (default runs/factorlab.sqlite)
  --from/--to  First and last dates to trade, yyyy-mm-dd (earlier data still feeds the model)
  --backend  First LP backend (default highs; the other is the fallback)
  --json     Print machine-readable JSON instead of tables
  --quiet    No progress display

Exit codes: 0 success, 2 user error (message names the fix), 1 internal error.`;

/** Parse argv and run a command; returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        data: { type: 'string' },
        db: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        backend: { type: 'string' },
        resume: { type: 'string' },
        date: { type: 'string' },
        diff: { type: 'boolean', default: false },
        extreme: { type: 'string' },
        'stale-days': { type: 'string' },
        'gap-days': { type: 'string' },
        all: { type: 'boolean', default: false },
        book: { type: 'string' },
        instruments: { type: 'string' },
        factors: { type: 'string' },
        band: { type: 'string' },
        'max-weight': { type: 'string' },
        samples: { type: 'string' },
        block: { type: 'string' },
        seed: { type: 'string' },
        folds: { type: 'string' },
        'train-days': { type: 'string' },
        'test-days': { type: 'string' },
        anchored: { type: 'boolean', default: false },
        purge: { type: 'string' },
        embargo: { type: 'string' },
        workers: { type: 'string' },
        'select-by': { type: 'string' },
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const db = values.db ?? 'runs/factorlab.sqlite';
    if (command === 'run') {
      if (values.resume === undefined ? rest.length !== 1 : rest.length !== 0) {
        throw new UsageError(values.resume === undefined ? 'run needs exactly one strategy file: factorlab run strategies/momentum-neutral.ts' : 'run --resume <run id> takes no strategy file: the run records its own');
      }
      await runCommand({
        ...(rest[0] === undefined ? {} : { strategyFile: rest[0] }),
        ...(values.resume === undefined ? {} : { resume: values.resume }),
        data: values.data ?? 'data/sample',
        db,
        json: values.json,
        quiet: values.quiet,
        ...(values.from === undefined ? {} : { from: values.from }),
        ...(values.to === undefined ? {} : { to: values.to }),
        ...(values.backend === undefined ? {} : { backend: values.backend }),
      });
      return 0;
    }
    if (command === 'check-data') {
      if (rest.length > 1) throw new UsageError('check-data takes one market directory or file: factorlab check-data data/sample');
      checkDataCommand({
        path: rest[0] ?? values.data ?? 'data/sample',
        json: values.json,
        all: values.all,
        ...(values.extreme === undefined ? {} : { extremeReturn: values.extreme }),
        ...(values['stale-days'] === undefined ? {} : { staleDays: values['stale-days'] }),
        ...(values['gap-days'] === undefined ? {} : { gapDays: values['gap-days'] }),
      });
      return 0;
    }
    if (command === 'hedge') {
      if (rest.length !== 1) throw new UsageError('hedge needs exactly one strategy file (its model and costs are used): factorlab hedge strategies/momentum-neutral.ts --book book.csv ...');
      await hedgeCommand({
        strategyFile: rest[0],
        data: values.data ?? 'data/sample',
        json: values.json,
        ...(values.book === undefined ? {} : { book: values.book }),
        ...(values.date === undefined ? {} : { date: values.date }),
        ...(values.instruments === undefined ? {} : { instruments: values.instruments }),
        ...(values.factors === undefined ? {} : { factors: values.factors }),
        ...(values.band === undefined ? {} : { band: values.band }),
        ...(values['max-weight'] === undefined ? {} : { maxWeight: values['max-weight'] }),
      });
      return 0;
    }
    if (command === 'study') {
      if (rest.length !== 1) throw new UsageError('study needs exactly one strategy file with params to sweep: factorlab study strategies/momentum-study.ts');
      await studyCommand({
        strategyFile: rest[0],
        data: values.data ?? 'data/sample',
        db,
        anchored: values.anchored,
        json: values.json,
        quiet: values.quiet,
        ...(values.folds === undefined ? {} : { folds: values.folds }),
        ...(values['train-days'] === undefined ? {} : { trainDays: values['train-days'] }),
        ...(values['test-days'] === undefined ? {} : { testDays: values['test-days'] }),
        ...(values.purge === undefined ? {} : { purge: values.purge }),
        ...(values.embargo === undefined ? {} : { embargo: values.embargo }),
        ...(values.workers === undefined ? {} : { workers: values.workers }),
        ...(values['select-by'] === undefined ? {} : { selectBy: values['select-by'] }),
      });
      return 0;
    }
    if (command === 'compare') {
      compareCommand({ ids: rest, db, json: values.json });
      return 0;
    }
    if (command === 'stress') {
      if (rest.length > 1) throw new UsageError('stress takes one run id: factorlab stress 3 --db runs/demo.sqlite');
      stressCommand({
        db,
        json: values.json,
        ...(rest[0] === undefined ? {} : { runId: rest[0] }),
        ...(values.samples === undefined ? {} : { samples: values.samples }),
        ...(values.block === undefined ? {} : { block: values.block }),
        ...(values.seed === undefined ? {} : { seed: values.seed }),
      });
      return 0;
    }
    if (command === 'model') {
      if (rest.length !== 1) throw new UsageError('model needs exactly one strategy file: factorlab model strategies/momentum-neutral.ts --date 2024-06-28');
      await modelCommand({ strategyFile: rest[0], data: values.data ?? 'data/sample', date: values.date, json: values.json });
      return 0;
    }
    if (command === 'runs') {
      runsCommand({ db, json: values.json, ...(values.diff ? { diff: rest } : {}) });
      return 0;
    }
    throw new UsageError(`unknown command '${command}'; try: factorlab help`);
  } catch (err) {
    if (err instanceof FactorlabError && err.userError) {
      process.stderr.write(`factorlab: ${err.message}\n`);
      return 2;
    }
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true) {
      process.stderr.write(`factorlab: ${err.message.replace(/\s*\n\s*/g, ' ')}; try: factorlab help\n`);
      return 2;
    }
    process.stderr.write(`factorlab: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
