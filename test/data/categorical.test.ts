import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { DataError, StrategyError } from '../../src/core/errors.js';
import { Labels, Panel, type Market } from '../../src/core/panel.js';
import { loadLongCsv } from '../../src/data/load-long-csv.js';
import { loadMarket } from '../../src/data/load-market.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { regressBarWithIndustries } from '../../src/model/fit-cross-section.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { defineStrategy, factor } from '../../src/index.js';
import { MemoryRecorder } from '../helpers/small-market.js';

const dir = mkdtempSync(join(tmpdir(), 'factorlab-labels-'));

function csv(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('categorical columns', () => {
  it('reads text columns (quoted, padded, blank) as labels and numeric-looking codes under a label name as labels', () => {
    const file = csv(
      'sectors.csv',
      ['date,asset,close,sector,gics_sector,note', '2021-01-04,A,10,"Information Technology",45,x', '2021-01-04,B,20, Energy ,10,', '2021-01-05,A,11,"Information Technology",45,y', '2021-01-05,B,21,,10,z'].join('\n'),
    );
    const panel = loadLongCsv(file);
    expect(panel.fieldNames).toEqual(['close']);
    expect(panel.labelNames).toEqual(['sector', 'gics_sector', 'note']);
    expect(panel.label('sector').row(0, 2)).toEqual(['Information Technology', 'Energy']);
    expect(panel.label('sector').row(1, 2)).toEqual(['Information Technology', '']);
    expect(panel.label('gics_sector').row(1, 2)).toEqual(['45', '10']);
  });

  it('still refuses text in a numeric column, naming the line and column', () => {
    const file = csv('bad-close.csv', 'date,asset,close,volume\n2021-01-04,A,10,5\n2021-01-05,A,tech,5\n');
    expect(() => loadLongCsv(file)).toThrow(DataError);
    expect(() => loadLongCsv(file)).toThrow(/bad-close\.csv:3 column 'close': 'tech' is not a finite number/);
  });

  it('keeps labels through the panel cache and the prepared panel', () => {
    const folder = join(dir, 'cached');
    const { market } = generateSyntheticMarket({ seed: 3, assets: 4, days: 20 });
    const lines = ['date,asset,close,sector'];
    market.panel.dates.forEach((d, t) => market.panel.assets.forEach((a, i) => lines.push(`${d},${a},${market.panel.field('close')[t * 4 + i]},${i % 2 === 0 ? 'even' : 'odd'}`)));
    mkdirSync(folder);
    writeFileSync(join(folder, 'prices.csv'), lines.join('\n'));
    const first = loadMarket(folder);
    const second = loadMarket(folder); // from the cache
    for (const m of [first, second]) {
      expect(m.panel.label('sector').row(19, 4)).toEqual(['even', 'odd', 'even', 'odd']);
    }
  });
});

describe('industry dummies under the cap-weighted sum-to-zero constraint', () => {
  // Six assets in three industries, one style; weights 1 (OLS) and caps for the constraint.
  const codes = Int32Array.of(0, 0, 1, 1, 2, 2);
  const caps = Float64Array.of(4, 1, 2, 2, 1, 5);
  const X = Float64Array.of(0.5, -1, 1.2, 0.1, -0.4, 0.3);
  const y = Float64Array.of(0.01, -0.02, 0.015, 0.004, -0.01, 0.02);
  const industries = { codes, listed: [0, 1, 2], names: ['a', 'b', 'c'], caps };

  it('satisfies Σ cₖ fₖ = 0 and fits exactly as the unconstrained dummy regression (same column space)', () => {
    const fit = regressBarWithIndustries(X, y, undefined, 1, industries);
    if (fit === undefined || typeof fit === 'string') throw new Error('expected a fit');
    const share = [5 / 15, 4 / 15, 6 / 15];
    const f = fit.coefficients.subarray(2);
    expect(share.reduce((s, c, k) => s + c * f[k], 0)).toBeCloseTo(0, 14);
    // Independent computation: OLS of y on [style, D_a, D_b, D_c] (no intercept) by the normal equations.
    const design = new Matrix(Array.from({ length: 6 }, (_, i) => [X[i], codes[i] === 0 ? 1 : 0, codes[i] === 1 ? 1 : 0, codes[i] === 2 ? 1 : 0]));
    const beta = solve(design.transpose().mmul(design), design.transpose().mmul(Matrix.columnVector(Array.from(y)))).to1DArray();
    expect(fit.coefficients[1]).toBeCloseTo(beta[0], 12);
    for (let i = 0; i < 6; i++) expect(fit.residuals[i]).toBeCloseTo(y[i] - beta[0] * X[i] - beta[1 + codes[i]], 12);
    // Intercept + industry return = the unconstrained dummy coefficient, so the intercept is Σ cₖ βₖ.
    for (let k = 0; k < 3; k++) expect(fit.coefficients[0] + f[k]).toBeCloseTo(beta[1 + k], 12);
    expect(fit.coefficients[0]).toBeCloseTo(share.reduce((s, c, k) => s + c * beta[1 + k], 0), 12);
  });

  it('with no styles, the intercept is the cap-weighted market return (closed form: Σ cₖ × industry mean)', () => {
    const fit = regressBarWithIndustries(new Float64Array(0), y, undefined, 0, industries);
    if (fit === undefined || typeof fit === 'string') throw new Error('expected a fit');
    const means = [(0.01 - 0.02) / 2, (0.015 + 0.004) / 2, (-0.01 + 0.02) / 2];
    expect(fit.coefficients[0]).toBeCloseTo((5 * means[0] + 4 * means[1] + 6 * means[2]) / 15, 14);
    for (let k = 0; k < 3; k++) expect(fit.coefficients[1 + k]).toBeCloseTo(means[k] - fit.coefficients[0], 14);
  });

  it('reports a listed industry with no member on the bar as NaN, and says when a style is collinear with the dummies', () => {
    const fit = regressBarWithIndustries(X, y, undefined, 1, { ...industries, listed: [0, 1, 2, 3], names: ['a', 'b', 'c', 'd'] });
    if (fit === undefined || typeof fit === 'string') throw new Error('expected a fit');
    expect(Number.isNaN(fit.coefficients[5])).toBe(true);
    // A style constant within each industry is a combination of the dummies.
    expect(regressBarWithIndustries(Float64Array.of(2, 2, -1, -1, 0, 0), y, undefined, 1, industries)).toBe('singular-industry:');
  });
});

/** The synthetic market with a sector label per asset (three sectors, fixed over time). */
function withSectors(m: Market): Market {
  const { panel } = m;
  const n = panel.assets.length;
  const codes = new Int32Array(panel.dates.length * n).map((_, cell) => (cell % n) % 3);
  return { ...m, panel: new Panel(panel.dates, panel.assets, panel.fieldMap(), new Map([['sector', new Labels(['tech', 'energy', 'banks'], codes)]])) };
}

describe('labels in a strategy', () => {
  const { market } = generateSyntheticMarket({ seed: 11, assets: 18, days: 260 });
  const sectors = withSectors(market);
  const strategy = defineStrategy({
    name: 'sector-neutral-momentum',
    model: { kind: 'cross-sectional', windowDays: 60, refitEvery: 'month', factors: ['momentum'], industries: 'sector' },
    rebalance: 'month',
    factors: { momentum: factor.momentum({ lookbackDays: 40, skipDays: 2 }) },
    signal: (ctx) => ctx.exposure('momentum'),
    portfolio: { objective: 'max-alpha', groups: { by: 'sector', minNet: 0, maxNet: 0 }, limits: { gross: 1, net: 0, maxAbsWeight: 0.2 } },
  });

  it('fits industry factors and holds a book whose net weight is zero in every sector', async () => {
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy, market: sectors, solvers: [await createHighsSolver()], recorder });
    const fit = recorder.days.find((d) => d.fit !== undefined)?.fit;
    expect(fit?.factors).toEqual(['market', 'momentum', 'sector:tech', 'sector:energy', 'sector:banks']);
    const decided = recorder.days.flatMap((d) => (d.rebalance !== undefined && d.rebalance.targets.length > 0 ? [d.rebalance] : []));
    expect(decided.length).toBeGreaterThan(3);
    for (const rebalance of decided) {
      expect(rebalance.status).toBe('optimal');
      const net = [0, 0, 0];
      let gross = 0;
      for (const h of rebalance.targets) {
        net[sectors.panel.assets.indexOf(h.asset) % 3] += h.weight;
        gross += Math.abs(h.weight);
      }
      expect(gross).toBeGreaterThan(0.5);
      for (const v of net) expect(Math.abs(v)).toBeLessThan(1e-7);
    }
  });

  it('refuses, before the first bar, groups.by or industries naming a column the data does not have', async () => {
    const recorder = new MemoryRecorder();
    const err = await runWalkForward({ strategy, market, solvers: [await createHighsSolver()], recorder }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrategyError);
    expect((err as Error).message).toMatch(/portfolio\.groups\.by.*needs a categorical column 'sector'.*labels: none/);
    expect(recorder.days).toHaveLength(0);
  });

  it('serves ctx.history.labels as known on the decision date', async () => {
    const seen: string[][] = [];
    const probe = defineStrategy({ ...strategy, signal: (ctx) => (seen.push(ctx.history.labels('sector')), ctx.exposure('momentum')) });
    await runWalkForward({ strategy: probe, market: sectors, solvers: [await createHighsSolver()], recorder: new MemoryRecorder() });
    expect(seen[0].slice(0, 4)).toEqual(['tech', 'energy', 'banks', 'tech']);
  });
});
