import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { writeMarketCsv } from '../../src/data/write-market-csv.js';

/** Bars in every benchmark market: ten years of daily data. */
export const DAYS = 3650;

/** The market of `n` assets, generated once (seed 2026) into runs/bench-data/ and reused. */
export function marketDir(n: number): string {
  const dir = join('runs', 'bench-data', `n${n}-d${DAYS}`);
  if (!existsSync(join(dir, 'prices.csv'))) {
    mkdirSync(dir, { recursive: true });
    writeMarketCsv(dir, generateSyntheticMarket({ seed: 2026, assets: n, days: DAYS }).market);
  }
  return dir;
}
