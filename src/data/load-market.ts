import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError, UsageError } from '../core/errors.js';
import { type Market, Panel, SeriesSet } from '../core/panel.js';
import { headerExcerpt, splitHeader } from './csv-cells.js';
import { dropBlankFields } from './drop-blank-fields.js';
import { closesFromReturns, loadTickerFolder, loadWideCsv } from './load-layouts.js';
import { loadLongCsv } from './load-long-csv.js';
import { readLines } from './read-lines.js';
import { cacheKey, readPanelCache, writePanelCache } from './panel-cache.js';
import { loadSeriesCsv } from './load-series-csv.js';
import { loadActionsCsv } from './load-actions.js';
import { loadFundingCsv } from './load-funding.js';

export interface LoadMarketOptions {
  /**
   * Keep the parsed panel in `<dir>/.factorlab-cache/` and reuse it while the
   * CSV files keep their sizes and modification times (default true).
   */
  readonly cache?: boolean;
}

/**
 * Load a market from a directory or a file, in the layouts data vendors ship
 * (docs/data.md, "Layouts"):
 * - a directory with `prices.csv`: long (`date,asset,close,…`) or wide
 *   (`date,<asset>,…` closes);
 * - a directory with `returns.csv` instead: long (`date,asset,return` or
 *   `return_pct`) or wide returns (fractions), for returns-only data;
 * - a directory of per-asset files (`AAPL.csv`: `Date,…,Close,Adj Close,Volume`);
 * - a single file, long or wide by its header (a wide file named `returns*.csv` holds returns).
 * `series.csv` beside it is read in every case, `actions.csv` (splits and
 * dividends, see `loadActionsCsv`) when the prices are unadjusted, and
 * `funding.csv` (timestamped funding events, see `loadFundingCsv`) when present;
 * each file read is in the fingerprint.
 *
 * @example
 * const market = loadMarket('data/sample');
 * market.panel.assets.length; // 150
 *
 * A long `prices.csv` is streamed, and its parsed panel cached beside it;
 * later loads read that copy (a few hundred MB/s) while the files are
 * unchanged. The fingerprint is the SHA-256 of the files' bytes.
 */
export function loadMarket(path: string, options: LoadMarketOptions = {}): Market {
  const market = loadPrices(path, options);
  const directory = statSync(path).isDirectory();
  const actionsFile = directory ? join(path, 'actions.csv') : undefined;
  const fundingFile = directory ? join(path, 'funding.csv') : undefined;
  let out = market;
  if (actionsFile !== undefined && existsSync(actionsFile)) {
    const actions = loadActionsCsv(actionsFile, market.panel);
    out = { ...out, actions, fingerprint: createHash('sha256').update(out.fingerprint).update('actions\0').update(readFileSync(actionsFile)).digest('hex') };
  }
  if (fundingFile !== undefined && existsSync(fundingFile)) {
    const { funding, notices } = loadFundingCsv(fundingFile, market.panel);
    out = { ...out, funding, notices: [...(out.notices ?? []), ...notices], fingerprint: createHash('sha256').update(out.fingerprint).update('funding\0').update(readFileSync(fundingFile)).digest('hex') };
  }
  return out;
}

function loadPrices(path: string, options: LoadMarketOptions): Market {
  if (!existsSync(path)) throw new DataError('file-unreadable', { file: path }, 'no such file or directory');
  const isDir = statSync(path).isDirectory();
  const seriesFile = isDir ? join(path, 'series.csv') : undefined;
  const hasSeries = seriesFile !== undefined && existsSync(seriesFile);
  const series = hasSeries ? loadSeriesCsv(seriesFile) : new SeriesSet([], new Map());
  const pricesFile = isDir ? join(path, 'prices.csv') : path;
  const returnsFile = isDir ? join(path, 'returns.csv') : path;
  const fingerprintOf = (files: readonly string[]): string => {
    const hash = createHash('sha256');
    for (const f of files) hash.update(`${basename(f)}\0`).update(readFileSync(f));
    if (hasSeries) hash.update('series\0').update(readFileSync(seriesFile));
    return hash.digest('hex');
  };
  const other = (loaded: { panel: Panel; files: readonly string[]; notices: readonly string[] }, file: string): Market => {
    const dropped = dropBlankFields(loaded.panel, file);
    return { panel: dropped.panel, notices: [...loaded.notices, ...dropped.notices], series, fingerprint: fingerprintOf(loaded.files), source: path };
  };
  if (isDir && !existsSync(pricesFile)) {
    if (existsSync(returnsFile)) return other(returnsPanel(returnsFile), returnsFile);
    return other(loadTickerFolder(path, { tradedClose: existsSync(join(path, 'actions.csv')) }), path);
  }
  const rawHeader = firstCells(pricesFile);
  const header = rawHeader.map((h) => h.toLowerCase());
  if (/^\d{4}-\d{2}-\d{2}/.test(header[0] ?? '')) {
    throw new DataError('missing-column', { file: pricesFile, line: 1, column: 'date' }, `required column is missing: the first line (${headerExcerpt(rawHeader)}) looks like data, not a header; add a header line such as date,asset,close`);
  }
  const returnsNamed = !isDir && basename(pricesFile).toLowerCase().startsWith('returns');
  if (!header.includes('asset')) return other({ panel: returnsNamed ? closesFromReturns(loadWideCsv(pricesFile, 'return')) : loadWideCsv(pricesFile, 'close'), files: [pricesFile], notices: returnsNamed ? [returnsNotice(pricesFile, 'fractions')] : [] }, pricesFile);
  if (!header.includes('close') && (header.includes('return') || header.includes('return_pct'))) return other(returnsPanel(pricesFile), pricesFile);
  const key = cacheKey(hasSeries ? [pricesFile, seriesFile] : [pricesFile]);
  const cached = options.cache === false ? undefined : readPanelCache(pricesFile, key);
  if (cached !== undefined) return { ...dropBlankFields(cached.panel, pricesFile), series, fingerprint: cached.fingerprint, source: path };
  const hash = createHash('sha256');
  hash.update('prices\0');
  const panel = loadLongCsv(pricesFile, {}, (bytes) => hash.update(bytes));
  if (hasSeries) {
    hash.update('series\0');
    hash.update(readFileSync(seriesFile));
  }
  const fingerprint = hash.digest('hex');
  if (options.cache !== false) writePanelCache(pricesFile, key, panel, fingerprint);
  return { ...dropBlankFields(panel, pricesFile), series, fingerprint, source: path };
}

/** A returns file, long (`return` fractions or `return_pct` percent) or wide (fractions), as a panel with a compounded close index. */
function returnsPanel(file: string): { panel: Panel; files: readonly string[]; notices: readonly string[] } {
  const header = firstCells(file).map((h) => h.toLowerCase());
  if (!header.includes('asset')) return { panel: closesFromReturns(loadWideCsv(file, 'return')), files: [file], notices: [returnsNotice(file, 'fractions')] };
  const percent = !header.includes('return') && header.includes('return_pct');
  const long = loadLongCsv(file, { requiredFields: [percent ? 'return_pct' : 'return'] });
  if (long.hasField('close')) throw new DataError('duplicate-column', { file, line: 1, column: 'close' }, 'a returns file has returns, not closes; put closes in prices.csv');
  const fields = long.fieldMap();
  fields.delete('return_pct');
  if (percent) fields.set('return', long.field('return_pct').map((x) => x / 100));
  return { panel: closesFromReturns(long.withFields(fields)), files: [file], notices: [returnsNotice(file, percent ? 'percent (return_pct, divided by 100)' : 'fractions (return)')] };
}

function returnsNotice(file: string, units: string): string {
  return `${file}: returns-only data in ${units}; closes are an index compounded from them (1 on each asset's first return, which runs from a bar the data does not have and is not used)`;
}

/** The cells of a file's first non-blank line (its header). */
function firstCells(file: string): string[] {
  let header: string[] | undefined;
  const stop = new Error('header read');
  try {
    readLines(file, (text, line) => {
      if (text.trim() === '') return;
      header = splitHeader(text, file, line);
      throw stop;
    });
  } catch (err) {
    if (err !== stop) throw err;
  }
  if (header === undefined) throw new DataError('empty-file', { file }, 'the file is empty; expected a header line such as date,asset,close');
  return header;
}

/**
 * Load the data a stored run was recorded on, refusing data that changed since:
 * what is computed from it (stress scenarios) must describe that run.
 * @throws UsageError naming both fingerprints when the files changed
 */
export function loadRecordedMarket(run: { readonly id: number; readonly dataSource: string; readonly dataFingerprint: string }): Market {
  const market = loadMarket(run.dataSource);
  if (market.fingerprint !== run.dataFingerprint) {
    throw new UsageError(
      `run ${run.id}: the data at ${run.dataSource} changed since the run was recorded (fingerprint ${run.dataFingerprint.slice(0, 12)}… recorded, ${market.fingerprint.slice(0, 12)}… now), so scenarios computed from it would not describe this run; restore the data, or record a new run on it`,
    );
  }
  return market;
}
