import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';
import { openDatabase } from '../../src/store/open-database.js';

/**
 * The bad-input corpus: malformed CSV files, strategy modules and command
 * lines (files under test/fixtures/corpus/). Every case must end with exit
 * code 2, one line on stderr that names the file and line/column or the field,
 * no stack trace, and no database rows beyond a failed-run record.
 */
const dir = mkdtempSync(join(tmpdir(), 'factorlab-corpus-'));
const market = join(dir, 'market');
const corpus = 'test/fixtures/corpus';
const csv = (name: string): string => `${corpus}/csv/${name}.csv`;
const strategyFile = (name: string): string => `${corpus}/strategies/${name}.ts`;
const fixture = 'test/fixtures/strategies/small-momentum.ts';
const runOn = (data: string): string[] => ['run', fixture, '--data', data, '--quiet'];

type Case = readonly [name: string, args: readonly string[], message: RegExp];

const cases: Case[] = [
  // CSV files: code, file, line and column
  ['CSV with a wrong delimiter', runOn(csv('semicolons')), /semicolons\.csv:1: the header is separated by semicolons; expected commas/],
  ['CSV without a header', runOn(csv('no-header')), /no-header\.csv:1 column 'date': required column is missing/],
  ['CSV with a US date', runOn(csv('us-date')), /us-date\.csv:2 column 'date': .*01\/02\/2024/],
  ['CSV with mixed date formats', runOn(csv('mixed-date-formats')), /mixed-date-formats\.csv:3 column 'date': .*2024\/01\/02/],
  ['CSV with an impossible date', runOn(csv('impossible-date')), /impossible-date\.csv:2 column 'date': .*2024-02-30/],
  ['CSV with a duplicate row', runOn(csv('duplicate-row')), /duplicate-row\.csv:3 column 'asset': a second row for A on 2024-01-01/],
  ['CSV with text in a numeric column', runOn(csv('text-in-number')), /text-in-number\.csv:3 column 'close': .*twelve/],
  ['an empty CSV file', runOn(csv('empty')), /empty\.csv: .*empty/],
  ['a CSV with a header only', runOn(csv('header-only')), /header-only\.csv:2: the file has a header but no data rows/],
  ['a CSV with a huge value', runOn(csv('huge-value')), /huge-value\.csv:2 column 'close': .*1e400/],
  ['a CSV with unsorted dates', runOn(csv('unsorted')), /unsorted\.csv:3 column 'date': 2024-01-01 comes after 2024-01-02/],
  ['a CSV with a negative volume', runOn(csv('negative-volume')), /negative-volume\.csv:2 column 'volume': -5 must not be negative/],
  ['a CSV with a zero market cap', runOn(csv('zero-market-cap')), /zero-market-cap\.csv:2 column 'market_cap': 0 must be greater than 0/],
  ['a CSV with an empty asset id', runOn(csv('empty-asset')), /empty-asset\.csv:2 column 'asset': the asset id is empty/],
  ['a CSV row of the wrong width', runOn(csv('short-row')), /short-row\.csv:2: /],
  ['a CSV with a duplicate column', runOn(csv('duplicate-column')), /duplicate-column\.csv:1 column 'close': the column appears twice/],
  ['a CSV without the close column', runOn(csv('missing-close')), /missing-close\.csv:1 column 'close': required column is missing/],
  ['a zero close (data-quality policy error)', runOn(csv('zero-close')), /zero-close\.csv: 1 nonPositivePrice finding\(s\) under policy 'error': A on 2024-01-02: close 0 is not positive/],
  ['a series file with text in a value', runOn(`${corpus}/series-text`), /series-text\/series\.csv:2 column 'cpi': .*high/],
  ['a series file with a duplicate date', runOn(`${corpus}/series-duplicate`), /series-duplicate\/series\.csv:3 .*2024-01-01/],
  ['a missing data directory', runOn('/nonexistent/market'), /\/nonexistent\/market: no such file or directory/],
  // Strategy modules: file and field
  ['a strategy with missing and bad fields', ['run', 'test/fixtures/strategies/bad-fields.ts'], /bad-fields\.ts: 4 problems: .*model\.refitEvery \(fortnight\)/],
  ['a strategy with fields of the wrong type', ['run', strategyFile('wrong-types')], /wrong-types\.ts: \d+ problems: name must be a non-empty string; rebalance \(7\) must be one of/],
  ['a strategy neutral to an unknown factor', ['run', strategyFile('unknown-factor')], /unknown-factor\.ts: portfolio\.neutral\[0\] \('szie'\) is not one of the strategy's factors \(size\)/],
  ['a model window shorter than the factor count', ['run', strategyFile('short-window')], /short-window\.ts: model\.windowDays \(4\) must be an integer greater than the number of model factors \+ 2 \(5\)/],
  ['limits no weights can satisfy', ['run', strategyFile('impossible-limits')], /impossible-limits\.ts: portfolio\.limits\.gross \(0\.5\) must be at least \|net\| \(1\)/],
  ['limits that turn out infeasible when it trades', ['run', strategyFile('infeasible-at-run'), '--data', market, '--quiet'], /no weights satisfy every limit.*max-abs-weight/],
  ['a strategy that throws on import', ['run', strategyFile('throws-on-import')], /throws-on-import\.ts: .*configuration service unreachable/],
  ['a module without a default export', ['run', 'test/fixtures/strategies/no-default.ts'], /no-default\.ts: .*default export/],
  ['unknown data checks and policies', ['run', strategyFile('bad-data-checks')], /bad-data-checks\.ts: 2 problems: dataChecks\.policies\.splits is not a check .*dataChecks\.policies\.stale \('panic'\) must be one of error, exclude, warn, ignore/],
  ['neutrality to a model factor that does not exist', ['run', strategyFile('unknown-model-factor')], /unknown-model-factor\.ts: portfolio\.neutralToModel\[0\] \('pc3'\) is not a model factor \(pc1, pc2\)/],
  ['a signal of the wrong length', ['run', 'test/fixtures/strategies/short-signal.ts', '--data', market, '--quiet'], /strategy 'short-signal': signal returned 3 values on \d{4}-\d{2}-\d{2}; expected a Float64Array with one value per asset/],
  // Command lines
  ['an unknown flag', ['run', fixture, '--fast'], /Unknown option '--fast'/],
  ['a missing strategy file', ['run', 'strategies/nope.ts'], /strategy file 'strategies\/nope\.ts' not found/],
  ['an unknown command', ['launch'], /unknown command 'launch'/],
  ['a bad --from date', ['run', fixture, '--from', '2024/01/01'], /--from '2024\/01\/01' must be a date in yyyy-mm-dd form/],
  ['a --resume that is not a run id', ['run', '--resume', 'last'], /--resume 'last' must be a run id \(factorlab runs lists them\)/],
  ['model without --date', ['model', fixture], /model needs --date yyyy-mm-dd \(got none\)/],
  ['check-data with a bad threshold', ['check-data', market, '--extreme=-1'], /--extreme '-1' must be a number > 0/],
  ['a flag another command takes', ['runs', '--samples', '5'], /runs does not take --samples; see factorlab runs --help/],
  ['a date that does not exist', ['report', 'r1', '--out', 'x.html', '--in-sample-until', '2024-02-30'], /--in-sample-until '2024-02-30' must be a date in yyyy-mm-dd form/],
  ['report without --out', ['report', 'r1'], /report needs --out <file.html>/],
  ['report of a bad id', ['report', 'x1', '--out', 'x.html'], /report: 'x1' is not a run \(r3 or 3\) or study \(s1\) id/],
  ['runs --diff with one id', ['runs', '--diff', '1'], /runs --diff needs two run ids, e\.g\. factorlab runs --diff 3 4 \(got 1\)/],
  ['an option missing its value', ['check-data', market, '--extreme', '-1'], /Option '--extreme' argument is ambiguous\. Did you forget to specify the option argument/],
];

function cli(args: readonly string[], db: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/factorlab.js', ...args, ...(args[0] === 'check-data' || args[0] === 'model' ? [] : ['--db', db])], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('the bad-input corpus', () => {
  const results = new Map<string, { code: number | null; stderr: string; db: string }>();

  beforeAll(async () => {
    writeMarketCsv(market, generateSyntheticMarket({ seed: 5, assets: 12, days: 120 }).market);
    // A database file that is not SQLite, for one more command-line case.
    writeFileSync(join(dir, 'notes.sqlite'), 'these are notes');
    const all: Case[] = [...cases, ['a --db that is not SQLite', ['runs'], /notes\.sqlite.* is not a SQLite database/]];
    // Two at a time: each case is a process of its own.
    for (let k = 0; k < all.length; k += 2) {
      await Promise.all(
        all.slice(k, k + 2).map(async ([name, args], j) => {
          const db = name.startsWith('a --db') ? join(dir, 'notes.sqlite') : join(dir, `case-${k + j}.sqlite`);
          results.set(name, { ...(await cli(args, db)), db });
        }),
      );
    }
  }, 180_000);

  it('has at least 30 cases', () => {
    expect(cases.length + 1).toBeGreaterThanOrEqual(30);
  });

  it.each([...cases, ['a --db that is not SQLite', ['runs'], /notes\.sqlite.* is not a SQLite database/] as Case])('%s: exit 2, one line naming the place, no stack trace, nothing stored', (name, _args, message) => {
    const r = results.get(name);
    expect(r).toBeDefined();
    const { code, stderr, db } = r as { code: number | null; stderr: string; db: string };
    expect(code, stderr).toBe(2);
    expect(stderr).toMatch(/^factorlab: /);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stderr).toMatch(message);
    if (name.startsWith('a --db') || !existsSync(db)) return;
    const store = openDatabase(db);
    const runs = store.prepare('SELECT status, error FROM runs').all() as Array<{ status: string; error: string | null }>;
    expect(runs.every((run) => run.status === 'failed' && run.error !== null)).toBe(true);
    store.close();
  });
});
