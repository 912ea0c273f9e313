import { describe, expect, it } from 'vitest';
import { StrategyError } from '../../src/core/errors.js';
import { Panel } from '../../src/core/panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { zScore } from '../../src/factors/standardize.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import type { FactorDefinition } from '../../src/index.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

async function runError(market = generateSyntheticMarket({ seed: 8, assets: 10, days: 120 }).market, strategy = smallStrategy()): Promise<StrategyError> {
  const err = await runWalkForward({ strategy, market, solvers: [await createHighsSolver()], recorder: new MemoryRecorder() }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StrategyError);
  return err as StrategyError;
}

describe('strategy mistakes found during a run', () => {
  it('names, before the first bar, a factor whose data column is missing', async () => {
    const { market } = generateSyntheticMarket({ seed: 8, assets: 10, days: 120 });
    const fields = new Map(market.panel.fieldNames.filter((f) => f !== 'market_cap').map((f) => [f, market.panel.field(f)]));
    const err = await runError({ ...market, panel: new Panel(market.panel.dates, market.panel.assets, fields) });
    // Refused before the first bar, from the factor's declared fields.
    expect(err.code).toBe('missing-field');
    expect(err.path).toBe('factors.size');
    expect(err.message).toMatch(/^strategy 'fixture-momentum': factors.size \(logMarketCap\) needs a 'market_cap' column, which .* does not have/);
  });

  it('names an unknown exposure asked for by the signal', async () => {
    const err = await runError(undefined, smallStrategy({ signal: (ctx) => zScore(ctx.exposure('momentun')) }));
    expect(err.code).toBe('unknown-exposure');
    expect(err.message).toMatch(/asked ctx.exposure\('momentun'\), not one of the strategy's factors \(beta, size, momentum\)/);
  });

  it('names a custom factor that returns the wrong number of values, and the date (it used to skip rebalances silently)', async () => {
    const short: FactorDefinition = { label: 'short', lookbackBars: 1, compute: (h) => new Float64Array(h.assets.length - 1) };
    const err = await runError(undefined, smallStrategy({ factors: { ...smallStrategy().factors, short } }));
    expect(err.code).toBe('bad-factor');
    expect(err.path).toBe('factors.short');
    expect(err.userError).toBe(true);
    expect(err.message).toMatch(/^strategy 'fixture-momentum': factors.short returned 9 values on \d{4}-\d{2}-\d{2}; expected a Float64Array with one value per asset \(10\)$/);
  });

  it.each([
    ['an Error', new Error('boom'), 'boom'],
    ['a TypeError', new TypeError('x is undefined'), 'TypeError: x is undefined'],
    ['a string', 'plain words', 'plain words'],
    ['a plain object', { reason: 'bad', code: 7 }, '{"reason":"bad","code":7}'],
  ])('turns %s thrown by a signal or a custom factor into a user error naming it, the date and the message', async (_what, thrown, shown) => {
    const throwing = (): never => {
      throw thrown;
    };
    const bySignal = await runError(undefined, smallStrategy({ signal: throwing }));
    expect(bySignal.code).toBe('signal-failed');
    expect(bySignal.userError).toBe(true);
    expect(bySignal.message).toBe(`strategy 'fixture-momentum': signal threw on ${bySignal.message.match(/\d{4}-\d{2}-\d{2}/)?.[0]}: ${shown}`);
    const custom: FactorDefinition = { label: 'throws', lookbackBars: 1, compute: throwing };
    const byFactor = await runError(undefined, smallStrategy({ factors: { ...smallStrategy().factors, custom } }));
    expect(byFactor.code).toBe('factor-failed');
    expect(byFactor.path).toBe('factors.custom');
    expect(byFactor.message).toMatch(new RegExp(`^strategy 'fixture-momentum': factors\\.custom threw on \\d{4}-\\d{2}-\\d{2}: ${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
  });
});
