import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StrategyError } from '../../src/core/errors.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';
import { nearest } from '../../src/strategy/known-fields.js';
import { validateStrategy } from '../../src/strategy/validate-strategy.js';
import fixture from '../fixtures/strategies/small-momentum.js';

const good = fixture as unknown as Record<string, unknown>;
const problemsOf = (definition: Record<string, unknown>): string => {
  try {
    validateStrategy(definition, 's.ts', ['inflation_surprise', 'rate_change']);
  } catch (err) {
    expect(err).toBeInstanceOf(StrategyError);
    expect((err as StrategyError).code).toBe('invalid-strategy');
    return (err as Error).message;
  }
  return '';
};

describe('strict strategies', () => {
  it('reject the misspelt fields that used to be ignored, each with its path and the nearest valid name', () => {
    // Each of these ran before: 5 bps charged instead of 25, weights to 0.50 under a 0.02 cap, a series lag of 0.
    expect(problemsOf({ ...good, costs: { comissionBps: 20, halfSpreadBps: 5 } })).toBe('s.ts: costs.comissionBps is not a field; did you mean commissionBps?');
    expect(problemsOf({ ...good, portfolio: { ...(good.portfolio as object), limits: { gross: 1, maxAbsWieght: 0.02 } } })).toBe('s.ts: portfolio.limits.maxAbsWieght is not a field; did you mean maxAbsWeight?');
    expect(problemsOf({ ...good, model: { ...(good.model as object), seriesLagDay: 5 } })).toBe('s.ts: model.seriesLagDay is not a field; did you mean seriesLagDays?');
  });

  it('check every depth, fields by model kind, tilt shapes, and list the fields when nothing is near', () => {
    const msg = problemsOf({
      ...good,
      colour: 'red',
      universe: { minHistoryDays: 40, minMedianDollarVolum: 1 },
      model: { kind: 'time-series', windowDays: 60, refitEvery: 'month', horizonDays: 5, risk: { method: 'ewma', halflifeDays: 20 } },
      portfolio: { ...(good.portfolio as object), tilts: { momentum: { target: 0.1, bnad: 0.05 } }, hedge: { instruments: ['A'], factors: ['market'], maxAbs: 1 } },
      dataChecks: { staleDay: 3 },
      margin: { maintenence: 0.1 },
    });
    expect(msg).toContain('colour is not a field (fields here: name, description,');
    expect(msg).toContain('universe.minMedianDollarVolum is not a field; did you mean minMedianDollarVolume?');
    // horizonDays belongs to cross-sectional models only.
    expect(msg).toContain('model.horizonDays is not a field');
    expect(msg).toContain('model.risk.halflifeDays is not a field; did you mean halfLifeDays?');
    expect(msg).toContain('portfolio.tilts.momentum.bnad is not a field; did you mean band?');
    expect(msg).toContain('portfolio.hedge.maxAbs is not a field');
    expect(msg).toContain('dataChecks.staleDay is not a field; did you mean staleDays?');
    expect(msg).toContain('margin.maintenence is not a field; did you mean maintenance?');
    expect(msg).toMatch(/^s\.ts: 8 problems: /);
  });

  it('accept every field the definition type has, and the user-named keys of factors, params and tilts', () => {
    expect(problemsOf({ ...good, params: { anyName: [1, 2] }, margin: { maintenance: 0.1 }, dataChecks: { staleExclusion: 'ex-post', policies: { stale: 'exclude' } } })).toBe('');
  });

  it('suggest a name only for a slip: a swap, a missing letter, a case change; not for an unrelated word', () => {
    expect(nearest('comissionBps', ['commissionBps', 'halfSpreadBps'])).toBe('commissionBps');
    expect(nearest('maxabsweight', ['maxAbsWeight', 'gross'])).toBe('maxAbsWeight');
    expect(nearest('gorss', ['gross', 'net'])).toBe('gross');
    expect(nearest('leverage', ['gross', 'net', 'netBand'])).toBeUndefined();
  });

  it('report a syntax error in a strategy file with its file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'factorlab-syntax-'));
    const file = join(dir, 'broken.ts');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    writeFileSync(file, "export default {\n  name: 'x',\n  rebalance: 'week',,\n};\n");
    // As the CLI loads it (tsx, esbuild's message)…
    const cli = spawnSync(process.execPath, ['bin/factorlab.js', 'run', file, '--quiet'], { encoding: 'utf8' });
    expect(cli.status).toBe(2);
    expect(cli.stderr).toBe(`factorlab: ${file}:3:20: syntax error: Expected identifier but found ","\n`);
    // …and from code under vitest (oxc's message).
    const err = await loadStrategy(file, []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StrategyError);
    expect((err as StrategyError).code).toBe('import-failed');
    expect((err as Error).message).toMatch(/:3:\d+: syntax error: \S/);
  });
});
