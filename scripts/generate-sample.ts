/**
 * Writes the bundled sample market to data/sample/ (prices.csv, series.csv) and
 * the planted truth to data/sample/truth/. Deterministic: the same seed gives
 * byte-identical files.
 *
 *   npx tsx scripts/generate-sample.ts [--seed 7] [--out data/sample] [--calendar continuous|business]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSyntheticMarket } from '../src/data/synthetic-market.js';
import { writeMarketCsv } from '../src/data/write-market-csv.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '7' },
    out: { type: 'string', default: 'data/sample' },
    calendar: { type: 'string', default: 'continuous' },
    assets: { type: 'string', default: '150' },
    days: { type: 'string', default: '1461' },
  },
});
const calendar = values.calendar === 'business' ? 'business' : 'continuous';
const { market, truth } = generateSyntheticMarket({
  seed: Number(values.seed),
  calendar,
  assets: Number(values.assets),
  days: Number(values.days),
});
writeMarketCsv(values.out, market);
const truthDir = join(values.out, 'truth');
mkdirSync(truthDir, { recursive: true });
const loadings = ['asset,market,inflation_surprise,rate_change'];
market.panel.assets.forEach((a, i) => {
  loadings.push(`${a},${truth.betaMarket[i]},${truth.betaInflation[i]},${truth.betaRate[i]}`);
});
writeFileSync(join(truthDir, 'loadings.csv'), `${loadings.join('\n')}\n`);
const names = [...truth.factorReturns.keys()];
const rows = [`date,${names.join(',')},regime`];
market.panel.dates.forEach((d, t) => {
  rows.push(`${d},${names.map((f) => truth.factorReturns.get(f)![t].toPrecision(8)).join(',')},${truth.regime[t]}`);
});
writeFileSync(join(truthDir, 'factor_returns.csv'), `${rows.join('\n')}\n`);
console.log(`wrote ${values.out}: ${market.panel.assets.length} assets x ${market.panel.dates.length} days (${calendar})`);
