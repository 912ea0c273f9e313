import { UsageError } from '../core/errors.js';
import { checkDataCommand } from './check-data-command.js';
import { compareCommand } from './compare-command.js';
import { hedgeCommand } from './hedge-command.js';
import { modelCommand } from './model-command.js';
import { reportCommand } from './report-command.js';
import { runCommand } from './run-command.js';
import { runsCommand } from './runs-command.js';
import { stressCommand } from './stress-command.js';
import { studyCommand } from './study-command.js';

/** Parsed flags: strings for valued options, booleans for switches. */
export interface Flags {
  readonly [flag: string]: string | boolean | undefined;
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** `<value>` placeholder for valued options. */
  readonly value?: string;
  readonly help: string;
}

export interface CommandSpec {
  readonly name: string;
  readonly usage: string;
  readonly summary: string;
  /** Longer explanation and an example, shown by `factorlab <command> --help`. */
  readonly details: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  run(positionals: readonly string[], flags: Flags): Promise<void> | void;
}

const common = {
  data: { type: 'string', value: '<dir|file>', help: 'market directory (prices.csv, optional series.csv) or long CSV file (default data/sample)' },
  db: { type: 'string', value: '<file>', help: 'SQLite file (default runs/factorlab.sqlite)' },
  json: { type: 'boolean', help: 'print machine-readable JSON on stdout instead of tables' },
  quiet: { type: 'boolean', help: 'no progress bar on stderr' },
} as const satisfies Record<string, OptionSpec>;

const text = (flags: Flags, name: string): string | undefined => {
  const v = flags[name];
  return typeof v === 'string' ? v : undefined;
};
const on = (flags: Flags, name: string): boolean => flags[name] === true;
const dbOf = (flags: Flags): string => text(flags, 'db') ?? 'runs/factorlab.sqlite';
const dataOf = (flags: Flags): string => text(flags, 'data') ?? 'data/sample';
/** `{ key: value }` when the flag was given, `{}` otherwise (for exactOptionalPropertyTypes). */
const given = <K extends string>(key: K, value: string | undefined): { [P in K]?: string } => (value === undefined ? {} : ({ [key]: value } as { [P in K]: string }));

function oneStrategy(positionals: readonly string[], command: string, example: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command} needs exactly one strategy file: ${example}`);
  return positionals[0];
}

/** Every command, in the order `factorlab help` lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'run',
    usage: 'factorlab run <strategy.ts> [options] | factorlab run --resume <run id> [--db <file>]',
    summary: 'Walk-forward run of a strategy module; prints a summary and records the run in SQLite.',
    details: 'Refits the model on its rolling window, rebalances on the strategy\'s calendar and records configuration, fits, holdings, trades, daily P&L and diagnostics.\nExample: factorlab run strategies/momentum-neutral.ts --db runs/demo.sqlite',
    options: {
      data: common.data,
      db: common.db,
      from: { type: 'string', value: '<yyyy-mm-dd>', help: 'first date to trade (earlier data still feeds the model)' },
      to: { type: 'string', value: '<yyyy-mm-dd>', help: 'last date to trade' },
      backend: { type: 'string', value: '<dual-simplex|highs|javascript-lp-solver>', help: 'first LP backend (default dual-simplex, then highs, then javascript-lp-solver as fallbacks)' },
      resume: { type: 'string', value: '<run id>', help: 'continue an interrupted run from its last whole day (same strategy source and data required)' },
      json: common.json,
      quiet: common.quiet,
    },
    async run(positionals, flags) {
      const resume = text(flags, 'resume');
      if (resume === undefined ? positionals.length !== 1 : positionals.length !== 0) {
        throw new UsageError(resume === undefined ? 'run needs exactly one strategy file: factorlab run strategies/momentum-neutral.ts' : 'run --resume <run id> takes no strategy file: the run records its own');
      }
      await runCommand({
        ...given('strategyFile', positionals[0]),
        ...given('resume', resume),
        ...given('from', text(flags, 'from')),
        ...given('to', text(flags, 'to')),
        ...given('backend', text(flags, 'backend')),
        data: dataOf(flags),
        db: dbOf(flags),
        json: on(flags, 'json'),
        quiet: on(flags, 'quiet'),
      });
    },
  },
  {
    name: 'runs',
    usage: 'factorlab runs [--db <file>] [--json] [--diff <run a> <run b>]',
    summary: 'Lists the runs recorded in a database; --diff says what differs between two runs.',
    details: 'The diff compares provenance, every configuration value, every summary statistic and the rows of the result tables.\nExample: factorlab runs --db runs/demo.sqlite --diff 1 2',
    options: { db: common.db, diff: { type: 'boolean', help: 'compare the two run ids given as arguments' }, json: common.json },
    run(positionals, flags) {
      if (!on(flags, 'diff') && positionals.length > 0) throw new UsageError(`runs takes no arguments (got ${positionals.join(' ')}); to compare two runs: factorlab runs --diff 3 4`);
      runsCommand({ db: dbOf(flags), json: on(flags, 'json'), ...(on(flags, 'diff') ? { diff: positionals } : {}) });
    },
  },
  {
    name: 'check-data',
    usage: 'factorlab check-data [<dir|file>] [options]',
    summary: 'Data-quality report: probable unadjusted splits, stale prices, non-positive prices, extreme moves and gaps.',
    details: 'Per asset and date; the thresholds are those a strategy\'s dataChecks can set.\nExample: factorlab check-data data/sample --extreme 0.5',
    options: {
      data: common.data,
      extreme: { type: 'string', value: '<x>', help: 'absolute log return counted as extreme (default ln 2)' },
      'stale-days': { type: 'string', value: '<n>', help: 'identical closes in a row counted as stale (default 5)' },
      'gap-days': { type: 'string', value: '<n>', help: 'missing closes in a row counted as a gap (default 3)' },
      all: { type: 'boolean', help: 'print every finding, not the first 40' },
      json: common.json,
    },
    run(positionals, flags) {
      if (positionals.length > 1) throw new UsageError('check-data takes one market directory or file: factorlab check-data data/sample');
      checkDataCommand({
        path: positionals[0] ?? dataOf(flags),
        json: on(flags, 'json'),
        all: on(flags, 'all'),
        ...given('extremeReturn', text(flags, 'extreme')),
        ...given('staleDays', text(flags, 'stale-days')),
        ...given('gapDays', text(flags, 'gap-days')),
      });
    },
  },
  {
    name: 'model',
    usage: 'factorlab model <strategy.ts> --date <yyyy-mm-dd> [--data <dir|file>] [--json]',
    summary: 'The strategy\'s factor model fitted on the window ending at a date, and its portfolio\'s predicted risk.',
    details: 'Prints factor means, volatilities, t-statistics, in-window and next-period IC, the R² distribution and the risk split into factor and specific parts.\nExample: factorlab model strategies/momentum-neutral.ts --date 2024-06-28',
    options: { data: common.data, date: { type: 'string', value: '<yyyy-mm-dd>', help: 'the last bar of the fit window (required)' }, json: common.json },
    async run(positionals, flags) {
      const strategyFile = oneStrategy(positionals, 'model', 'factorlab model strategies/momentum-neutral.ts --date 2024-06-28');
      await modelCommand({ strategyFile, data: dataOf(flags), date: text(flags, 'date'), json: on(flags, 'json') });
    },
  },
  {
    name: 'hedge',
    usage: 'factorlab hedge <strategy.ts> --book <book.csv> --date <yyyy-mm-dd> --instruments <ids> --factors <names> [options]',
    summary: 'Positions in chosen instruments that bring a book\'s model-factor exposures into a band at least cost.',
    details: 'book.csv has a header asset,weight. The strategy\'s model and costs are used.\nExample: factorlab hedge strategies/momentum-neutral.ts --book book.csv --date 2024-06-28 --instruments A001,A002 --factors market',
    options: {
      data: common.data,
      book: { type: 'string', value: '<book.csv>', help: 'the book to hedge: asset,weight rows (required)' },
      date: { type: 'string', value: '<yyyy-mm-dd>', help: 'the date of the model fit (required)' },
      instruments: { type: 'string', value: '<ids>', help: 'comma-separated assets the hedge may trade (required)' },
      factors: { type: 'string', value: '<names>', help: 'comma-separated model factors to hedge (required)' },
      band: { type: 'string', value: '<x>', help: 'allowed |exposure| after the hedge (default 0)' },
      'max-weight': { type: 'string', value: '<x>', help: 'largest |weight| of one instrument (default 1)' },
      json: common.json,
    },
    async run(positionals, flags) {
      const strategyFile = oneStrategy(positionals, 'hedge', 'factorlab hedge strategies/momentum-neutral.ts --book book.csv ...');
      await hedgeCommand({
        strategyFile,
        data: dataOf(flags),
        json: on(flags, 'json'),
        ...given('book', text(flags, 'book')),
        ...given('date', text(flags, 'date')),
        ...given('instruments', text(flags, 'instruments')),
        ...given('factors', text(flags, 'factors')),
        ...given('band', text(flags, 'band')),
        ...given('maxWeight', text(flags, 'max-weight')),
      });
    },
  },
  {
    name: 'study',
    usage: 'factorlab study <strategy.ts> [options]',
    summary: 'Walk-forward study of the strategy\'s params grid: selection in sample, stitched out-of-sample path, PSR/DSR/MinTRL and PBO.',
    details: 'Every trial runs on every fold\'s training and test window; each fold trades the trial its training window selected.\nExample: factorlab study strategies/momentum-study.ts --folds 4 --workers 2 --db runs/demo.sqlite',
    options: {
      data: common.data,
      db: common.db,
      folds: { type: 'string', value: '<n>', help: 'number of test windows (default 4)' },
      'train-days': { type: 'string', value: '<n>', help: 'bars per training window (default twice a test window)' },
      'test-days': { type: 'string', value: '<n>', help: 'bars per test window (default: the bars split evenly into folds + 2)' },
      anchored: { type: 'boolean', help: 'training windows all start at the first bar (default: rolling)' },
      purge: { type: 'string', value: '<n>', help: 'bars dropped between training and test so overlapping labels cannot leak (default 0)' },
      embargo: { type: 'string', value: '<n>', help: 'further bars skipped before each test window (default 0)' },
      workers: { type: 'string', value: '<n>', help: 'worker threads (default 1)' },
      'select-by': { type: 'string', value: '<sharpe|return|sortino>', help: 'in-sample selection score (default sharpe)' },
      json: common.json,
      quiet: common.quiet,
    },
    async run(positionals, flags) {
      const strategyFile = oneStrategy(positionals, 'study', 'factorlab study strategies/momentum-study.ts');
      await studyCommand({
        strategyFile,
        data: dataOf(flags),
        db: dbOf(flags),
        anchored: on(flags, 'anchored'),
        json: on(flags, 'json'),
        quiet: on(flags, 'quiet'),
        ...given('folds', text(flags, 'folds')),
        ...given('trainDays', text(flags, 'train-days')),
        ...given('testDays', text(flags, 'test-days')),
        ...given('purge', text(flags, 'purge')),
        ...given('embargo', text(flags, 'embargo')),
        ...given('workers', text(flags, 'workers')),
        ...given('selectBy', text(flags, 'select-by')),
      });
    },
  },
  {
    name: 'compare',
    usage: 'factorlab compare <r<run id>|s<study id>>... [--db <file>] [--json]',
    summary: 'Runs and studies side by side (studies: their out-of-sample statistics).',
    details: 'Example: factorlab compare r1 r2 s1 --db runs/demo.sqlite',
    options: { db: common.db, json: common.json },
    run(positionals, flags) {
      compareCommand({ ids: positionals, db: dbOf(flags), json: on(flags, 'json') });
    },
  },
  {
    name: 'stress',
    usage: 'factorlab stress <run id> [options]',
    summary: 'Factor shocks, worst historical windows and a block bootstrap for a recorded run.',
    details: 'Example: factorlab stress 1 --db runs/demo.sqlite --samples 5000',
    options: {
      db: common.db,
      samples: { type: 'string', value: '<n>', help: 'bootstrap paths (default 2000)' },
      block: { type: 'string', value: '<bars>', help: 'mean bootstrap block length (default 20)' },
      seed: { type: 'string', value: '<n>', help: 'random seed (default 1)' },
      json: common.json,
    },
    run(positionals, flags) {
      if (positionals.length > 1) throw new UsageError('stress takes one run id: factorlab stress 3 --db runs/demo.sqlite');
      stressCommand({ db: dbOf(flags), json: on(flags, 'json'), ...given('runId', positionals[0]), ...given('samples', text(flags, 'samples')), ...given('block', text(flags, 'block')), ...given('seed', text(flags, 'seed')) });
    },
  },
  {
    name: 'report',
    usage: 'factorlab report <r<run id>|s<study id>> --out <file.html> [options]',
    summary: 'One self-contained HTML report (charts bundled, works offline) of a run or study, or two side by side.',
    details: 'Equity with in- and out-of-sample parts, drawdown, rolling Sharpe and volatility, exposures, turnover and costs, attribution, trials, PBO logits, stress and summary tables.\nExample: factorlab report r1 --compare r2 --db runs/demo.sqlite --out report.html',
    options: {
      db: common.db,
      out: { type: 'string', value: '<file.html>', help: 'where to write the report (required)' },
      compare: { type: 'string', value: '<id>', help: 'a second run or study shown beside the first' },
      'in-sample-until': { type: 'string', value: '<yyyy-mm-dd>', help: 'mark a run\'s bars up to this date as in sample (the period it was designed on)' },
      samples: { type: 'string', value: '<n>', help: 'bootstrap paths for the stress section (default 2000)' },
      force: { type: 'boolean', help: 'replace --out even when it is not a previous factorlab report' },
      json: common.json,
      quiet: common.quiet,
    },
    run(positionals, flags) {
      reportCommand({
        ids: positionals,
        db: dbOf(flags),
        json: on(flags, 'json'),
        quiet: on(flags, 'quiet'),
        force: on(flags, 'force'),
        ...given('out', text(flags, 'out')),
        ...given('compare', text(flags, 'compare')),
        ...given('inSampleUntil', text(flags, 'in-sample-until')),
        ...given('samples', text(flags, 'samples')),
      });
    },
  },
];

/** `factorlab <command> --help`: usage, what it does, an example and every option. */
export function commandHelp(spec: CommandSpec): string {
  const flags = Object.entries(spec.options).map(([name, o]) => [`--${name}${o.value === undefined ? '' : ` ${o.value}`}`, o.help] as const);
  flags.push(['--help, -h', 'this help']);
  const width = Math.max(...flags.map(([f]) => f.length));
  return [`Usage: ${spec.usage}`, '', spec.summary, spec.details, '', 'Options:', ...flags.map(([f, h]) => `  ${f.padEnd(width)}  ${h}`), '', 'Exit codes: 0 success, 2 user error (the message names the fix), 1 internal error.'].join('\n');
}

/** `factorlab help`: every command in one line each. */
export function generalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'factorlab: factor models, walk-forward backtests, factor-neutral and factor-tilted portfolios, recorded in SQLite',
    '',
    'Usage: factorlab <command> [arguments] [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  This list; factorlab help <command> or factorlab <command> --help for one command.`,
    '',
    'Every command that prints results takes --json; long commands show a progress bar on stderr (--quiet hides it).',
    'Exit codes: 0 success, 2 user error (the message names the fix), 1 internal error.',
  ].join('\n');
}
