import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { withReturns } from '../../src/data/derive-returns.js';
import { loadMarket } from '../../src/data/load-market.js';
import { fitTimeSeries } from '../../src/model/fit-time-series.js';

function readCsvColumns(file: string): Map<string, string[]> {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const names = header.split(',');
  const cols = new Map(names.map((h) => [h, [] as string[]]));
  for (const line of lines) line.split(',').forEach((cell, c) => cols.get(names[c])!.push(cell));
  return cols;
}

describe('fitting the bundled sample', () => {
  it('recovers the planted market, inflation and rate loadings', () => {
    const market = loadMarket('data/sample');
    const panel = withReturns(market.panel);
    const truth = readCsvColumns('data/sample/truth/factor_returns.csv');
    const loadings = readCsvColumns('data/sample/truth/loadings.csv');
    const factors = ['market', 'inflation_surprise', 'rate_change'];
    const model = fitTimeSeries({
      asOf: panel.dates[panel.dates.length - 1],
      dates: panel.dates,
      assets: panel.assets,
      returns: panel.field('return'),
      factorReturns: new Map(factors.map((f) => [f, Float64Array.from(truth.get(f)!, Number)])),
      minObservations: 300,
    });
    const K = factors.length;
    factors.forEach((f, k) => {
      const planted = loadings.get(f)!.map(Number);
      let within = 0;
      let fitted = 0;
      model.assets.forEach((_, i) => {
        if (model.observations[i] === 0) return;
        fitted++;
        // Classical OLS standard error with independent factors: s / (σ_f √n).
        // Residuals (style factors, Student-t(4) noise with GARCH variance, jumps)
        // are heavy-tailed and heteroskedastic, so the classical SE is only
        // approximate: allow 4 standard errors, and 95% of assets within them.
        const se = Math.sqrt(model.specificVariance[i] / (model.factorCovariance[k * K + k] * model.observations[i]));
        if (Math.abs(model.loadings[i * K + k] - planted[i]) <= 4 * se) within++;
      });
      expect(fitted).toBeGreaterThan(140);
      expect(within / fitted, `${f}: share of assets within 4 SE`).toBeGreaterThanOrEqual(0.95);
    });
  });
});
