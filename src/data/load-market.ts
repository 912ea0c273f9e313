import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, UsageError } from '../core/errors.js';
import { type Market, SeriesSet } from '../core/panel.js';
import { dropBlankFields } from './drop-blank-fields.js';
import { loadLongCsv } from './load-long-csv.js';
import { cacheKey, readPanelCache, writePanelCache } from './panel-cache.js';
import { loadSeriesCsv } from './load-series-csv.js';

export interface LoadMarketOptions {
  /**
   * Keep the parsed panel in `<dir>/.factorlab-cache/` and reuse it while the
   * CSV files keep their sizes and modification times (default true).
   */
  readonly cache?: boolean;
}

/**
 * Load a market from a directory holding `prices.csv` (long CSV, required) and
 * `series.csv` (optional), or from a single long CSV file.
 *
 * @example
 * const market = loadMarket('data/sample');
 * market.panel.assets.length; // 150
 *
 * The first load parses the CSV (streamed) and writes a binary copy of the
 * panel beside it; later loads read that copy (a few hundred MB/s) while the
 * files are unchanged. The fingerprint is the SHA-256 of the files' bytes,
 * computed when they were parsed.
 */
export function loadMarket(path: string, options: LoadMarketOptions = {}): Market {
  if (!existsSync(path)) throw new DataError('file-unreadable', { file: path }, 'no such file or directory');
  const isDir = statSync(path).isDirectory();
  const pricesFile = isDir ? join(path, 'prices.csv') : path;
  const seriesFile = isDir ? join(path, 'series.csv') : undefined;
  if (!existsSync(pricesFile)) {
    throw new DataError('file-unreadable', { file: pricesFile }, 'a market directory must contain prices.csv (date,asset,close,...)');
  }
  const hasSeries = seriesFile !== undefined && existsSync(seriesFile);
  const series = hasSeries ? loadSeriesCsv(seriesFile) : new SeriesSet([], new Map());
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
