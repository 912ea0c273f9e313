import { describe, expect, it } from 'vitest';
import { StrategyError } from '../../src/core/errors.js';
import { factor } from '../../src/index.js';
import { loadStrategy } from '../../src/strategy/load-strategy.js';
import { validateStrategy } from '../../src/strategy/validate-strategy.js';

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

describe('validateStrategy: model settings of each kind', () => {
  const base = {
    name: 'x',
    rebalance: 'week',
    factors: { size: factor.logMarketCap(), momentum: factor.momentum({ lookbackDays: 30 }) },
    signal: () => new Float64Array(0),
    portfolio: { objective: 'max-alpha', limits: { gross: 1 } },
  };
  const messageOf = (value: object): string => {
    try {
      validateStrategy(value, 'strategies/x.ts', ['inflation_surprise']);
    } catch (err) {
      expect(err).toBeInstanceOf(StrategyError);
      return (err as StrategyError).message;
    }
    return 'valid';
  };

  it('accepts one well-formed model of each kind', () => {
    expect(messageOf({ ...base, model: { kind: 'time-series', windowDays: 60, refitEvery: 'month', factorPortfolios: ['momentum'], estimator: { method: 'ridge', ridgeLambda: 0.1 } } })).toBe('valid');
    expect(messageOf({ ...base, model: { kind: 'cross-sectional', windowDays: 60, refitEvery: 'month', factors: ['size', 'momentum'], horizonDays: 5, neweyWestLags: 4 } })).toBe('valid');
    expect(messageOf({ ...base, model: { kind: 'statistical', windowDays: 60, refitEvery: 'week', components: 3 }, portfolio: { ...base.portfolio, neutralToModel: ['pc1', 'pc3'] } })).toBe('valid');
  });

  it('names each bad model field with the value and what is expected', () => {
    expect(messageOf({ ...base, model: { kind: 'garch', windowDays: 60, refitEvery: 'month' } })).toContain("model.kind ('garch') must be one of time-series, cross-sectional, statistical");
    const cs = messageOf({ ...base, model: { kind: 'cross-sectional', windowDays: 60, refitEvery: 'month', factors: ['size', 'momentm'], horizonDays: 5, neweyWestLags: 2, risk: { method: 'robust' } } });
    expect(cs).toContain("model.factors[1] ('momentm') is not one of the strategy's factors (size, momentum)");
    expect(cs).toContain('model.neweyWestLags (2) must be an integer >= 4');
    expect(cs).toContain("model.risk.method ('robust') must be sample, ewma or newey-west");
    const pca = messageOf({ ...base, model: { kind: 'statistical', windowDays: 60, refitEvery: 'week', components: 3, explainedVariance: 1.5 }, portfolio: { ...base.portfolio, neutralToModel: ['pc4'] } });
    expect(pca).toContain("portfolio.neutralToModel[0] ('pc4') is not a model factor (pc1, pc2, pc3)");
    expect(pca).toContain('model.explainedVariance (1.5) must be in (0, 1]');
    expect(messageOf({ ...base, model: { kind: 'time-series', windowDays: 60, refitEvery: 'month', market: false, series: [] } })).toContain('a time-series model needs at least one factor');
  });

  it('names each bad portfolio setting', () => {
    const model = { kind: 'time-series', windowDays: 60, refitEvery: 'month' };
    const message = messageOf({
      ...base,
      model,
      portfolio: {
        objective: 'min-exposure',
        tilts: { value: { target: 1 } },
        hedge: { instruments: [], factors: ['beta'] },
        targetVolatility: -0.1,
        onInfeasible: 'ignore',
        limits: { gross: 1, minWeight: 0.1, maxWeight: -0.1, maxTradeAdv: 0 },
      },
    });
    expect(message).toContain("portfolio.minimize is needed by objective 'min-exposure'");
    expect(message).toContain("portfolio.tilts.value is not one of the strategy's factors (size, momentum)");
    expect(message).toContain('portfolio.hedge.instruments must be a non-empty array of asset ids');
    expect(message).toContain("portfolio.hedge.factors[0] ('beta') is not a model factor (market, inflation_surprise)");
    expect(message).toContain('portfolio.targetVolatility (-0.1) must be a positive annualised volatility');
    expect(message).toContain("portfolio.onInfeasible ('ignore') must be one of hold, relax, stop");
    expect(message).toContain('portfolio.limits.minWeight (0.1) must not exceed maxWeight (-0.1)');
    expect(message).toContain('portfolio.limits.maxTradeAdv (0) must be a positive fraction of average dollar volume');
  });

  it('names each bad funding setting, and accepts a good one', () => {
    const model = { kind: 'time-series', windowDays: 60, refitEvery: 'month' };
    expect(messageOf({ ...base, model, costs: { funding: { per: 'event', intervalHours: 8 } } })).toBe('valid');
    const message = messageOf({ ...base, model, costs: { funding: { per: 'day', intervalHours: 5, field: '' } } });
    expect(message).toContain("costs.funding.per must be 'event' (the column holds one funding event's rate), 'bar' (each bar's sum) or 'file' (funding.csv, every event at its own time), not \"day\"");
    expect(messageOf({ ...base, model, costs: { funding: { per: 'file', intervalHours: 8 } } })).toContain("per: 'file' reads funding.csv");
    expect(message).toContain('costs.funding.intervalHours must be one of 1, 2, 4, 8, 12, 24');
    expect(message).toContain('costs.funding.field must be the name of a panel column');
    expect(messageOf({ ...base, model, costs: { funding: { per: 'bar', intervalHours: 8 } } })).toContain("costs.funding.intervalHours has no effect with per: 'bar'");
  });

  it('names each bad borrow, financing and impact setting', () => {
    const model = { kind: 'time-series', windowDays: 60, refitEvery: 'month' };
    expect(messageOf({ ...base, model, costs: { borrow: { annualRate: 0.03 }, financing: { annualSpread: 0.01 }, impact: { coefficient: 1 } } })).toBe('valid');
    const message = messageOf({ ...base, model, costs: { borrow: { annualRate: 0.03, field: 'borrow_rate' }, financing: {}, impact: { coefficient: 0, volatilityBars: 1 } } });
    expect(message).toContain('costs.borrow needs exactly one of annualRate');
    expect(message).toContain('costs.financing.annualSpread is required');
    expect(message).toContain('costs.impact.coefficient (0) must be a number > 0');
    expect(message).toContain('costs.impact.volatilityBars (1) must be an integer >= 2');
  });
});
