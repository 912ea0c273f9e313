import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../core/errors.js';
import { type Market, SeriesSet } from '../core/panel.js';
import { loadLongCsv } from './load-long-csv.js';
import { loadSeriesCsv } from './load-series-csv.js';

/**
 * Load a market from a directory holding `prices.csv` (long CSV, required) and
 * `series.csv` (optional), or from a single long CSV file.
 *
 * @example
 * const market = loadMarket('data/sample');
 * market.panel.assets.length; // 150
 */
export function loadMarket(path: string): Market {
  if (!existsSync(path)) throw new DataError('file-unreadable', { file: path }, 'no such file or directory');
  const isDir = statSync(path).isDirectory();
  const pricesFile = isDir ? join(path, 'prices.csv') : path;
  const seriesFile = isDir ? join(path, 'series.csv') : undefined;
  if (!existsSync(pricesFile)) {
    throw new DataError('file-unreadable', { file: pricesFile }, 'a market directory must contain prices.csv (date,asset,close,...)');
  }
  const panel = loadLongCsv(pricesFile);
  const hasSeries = seriesFile !== undefined && existsSync(seriesFile);
  const series = hasSeries ? loadSeriesCsv(seriesFile) : new SeriesSet([], new Map());
  const hash = createHash('sha256');
  for (const file of hasSeries ? [pricesFile, seriesFile] : [pricesFile]) {
    hash.update(file.endsWith('series.csv') ? 'series\0' : 'prices\0');
    hash.update(readFileSync(file));
  }
  return { panel, series, fingerprint: hash.digest('hex'), source: path };
}
