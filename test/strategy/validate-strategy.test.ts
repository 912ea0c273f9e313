import { describe, expect, it } from 'vitest';
import { StrategyError } from '../../src/core/errors.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';

async function errorOf(file: string): Promise<StrategyError> {
  const err = await loadStrategy(file, ['inflation_surprise', 'rate_change']).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(StrategyError);
  return err as StrategyError;
}

describe('loadStrategy', () => {
  it('loads and validates a strategy module', async () => {
    const loaded = await loadStrategy('test/fixtures/strategies/small-momentum.ts', ['inflation_surprise']);
    expect(loaded.definition.name).toBe('fixture-momentum');
    expect(loaded.sourceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names every bad field of a strategy', async () => {
    const err = await errorOf('test/fixtures/strategies/bad-fields.ts');
    expect(err.code).toBe('invalid-strategy');
    expect(err.message).toContain('test/fixtures/strategies/bad-fields.ts:');
    expect(err.message).toContain("model.refitEvery (fortnight) must be one of day, week, month");
    expect(err.message).toContain('model.windowDays (2) must be an integer greater than the number of model factors + 2 (5)');
    expect(err.message).toContain("portfolio.neutral[0] ('szie') is not one of the strategy's factors");
    expect(err.message).toContain('portfolio.limits.gross (-1) must be a positive number');
  });

  it('rejects a module without a default export', async () => {
    expect((await errorOf('test/fixtures/strategies/no-default.ts')).code).toBe('no-default-export');
  });

  it('rejects a missing file', async () => {
    expect((await errorOf('test/fixtures/strategies/missing.ts')).code).toBe('not-found');
  });
});
