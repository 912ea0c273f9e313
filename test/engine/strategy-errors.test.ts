import { describe, expect, it } from 'vitest';
import { StrategyError } from '../../src/core/errors.js';
import { Panel } from '../../src/core/panel.js';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { zScore } from '../../src/factors/standardize.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';

async function runError(market = generateSyntheticMarket({ seed: 8, assets: 10, days: 120 }).market, strategy = smallStrategy()): Promise<StrategyError> {
  const err = await runWalkForward({ strategy, market, solvers: [await createHighsSolver()], recorder: new MemoryRecorder() }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StrategyError);
  return err as StrategyError;
}

describe('strategy mistakes found during a run', () => {
  it('names a factor whose data column is missing', async () => {
    const { market } = generateSyntheticMarket({ seed: 8, assets: 10, days: 120 });
    const fields = new Map(market.panel.fieldNames.filter((f) => f !== 'market_cap').map((f) => [f, market.panel.field(f)]));
    const err = await runError({ ...market, panel: new Panel(market.panel.dates, market.panel.assets, fields) });
    expect(err.code).toBe('factor-failed');
    expect(err.path).toBe('factors.size');
    expect(err.message).toMatch(/strategy 'fixture-momentum': factors.size failed on \d{4}-\d{2}-\d{2}: logMarketCap needs a 'market_cap' column/);
  });

  it('names an unknown exposure asked for by the signal', async () => {
    const err = await runError(undefined, smallStrategy({ signal: (ctx) => zScore(ctx.exposure('momentun')) }));
    expect(err.code).toBe('unknown-exposure');
    expect(err.message).toMatch(/asked ctx.exposure\('momentun'\), not one of the strategy's factors \(beta, size, momentum\)/);
  });
});
