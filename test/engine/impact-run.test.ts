import { describe, expect, it } from 'vitest';
import { generateSyntheticMarket } from '../../src/data/synthetic-market.js';
import { historyAt, setUpWalkForward } from '../../src/engine/set-up.js';
import { runWalkForward } from '../../src/engine/walk-forward.js';
import { createHighsSolver } from '../../src/optimize/highs-solver.js';
import { marketImpactAt } from '../../src/strategy/decide.js';
import { MemoryRecorder, smallStrategy } from '../helpers/small-market.js';
import type { TradingCost } from '../../src/optimize/terms/trading-cost.js';

describe('market impact in a run', () => {
  it("charges each executed trade the linear cost plus k·|T|^1.5 with the decision's k, and trades less than without it", async () => {
    const market = generateSyntheticMarket({ seed: 12, assets: 12, days: 160 }).market;
    const solvers = [await createHighsSolver()];
    const impact = { coefficient: 1, volatilityBars: 20, volumeBars: 30 };
    const strategy = smallStrategy({ costs: { commissionBps: 2, halfSpreadBps: 5, impact } });
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy, market, solvers, recorder });
    // The first order: decided on an empty book, executed the next bar with no P&L in between, so T = weight × initial NAV.
    const decided = recorder.days.find((d) => d.rebalance?.status === 'optimal');
    expect(decided).toBeDefined();
    const executed = recorder.days.find((d) => d.date === decided?.rebalance?.executeDate);
    const setup = setUpWalkForward(strategy, market);
    const t = setup.panel.dates.indexOf(decided?.date ?? '');
    const k = marketImpactAt(impact, historyAt(setup, t), 1_000_000).k;
    const trades = executed?.trades.filter((x) => x.reason === 'rebalance') ?? [];
    expect(trades.length).toBeGreaterThan(3);
    for (const trade of trades) {
      const T = Math.abs(trade.weight) * 1_000_000;
      const i = setup.panel.assets.indexOf(trade.asset);
      expect(trade.cost).toBeCloseTo(T * 7e-4 + k[i] * T ** 1.5, 6);
    }
    // The same strategy without impact trades more over the run.
    const plain = new MemoryRecorder();
    await runWalkForward({ strategy: smallStrategy(), market, solvers, recorder: plain });
    const turnover = (r: MemoryRecorder): number => r.days.reduce((s, d) => s + d.turnover, 0);
    expect(turnover(recorder)).toBeLessThan(turnover(plain));
  });

  it('charges per-asset spreads from a data column, read at the decision, and the constant where a cell is blank (counted)', async () => {
    const base = generateSyntheticMarket({ seed: 12, assets: 12, days: 160 }).market;
    const { panel } = base;
    const n = panel.assets.length;
    // Asset i's half-spread is (i + 1) bps on every bar; A003's is blank throughout.
    const spread = Float64Array.from({ length: panel.dates.length * n }, (_, c) => (panel.assets[c % n] === 'A003' ? NaN : (c % n) + 1));
    const fields = panel.fieldMap();
    fields.set('half_spread_bps', spread);
    const market = { ...base, panel: panel.withFields(fields) };
    const solvers = [await createHighsSolver()];
    const strategy = smallStrategy({ costs: { commissionBps: 2, halfSpreadBps: 5, spreadField: 'half_spread_bps' } });
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy, market, solvers, recorder });
    const decided = recorder.days.find((d) => d.rebalance?.status === 'optimal');
    const executed = recorder.days.find((d) => d.date === decided?.rebalance?.executeDate);
    const trades = executed?.trades.filter((x) => x.reason === 'rebalance') ?? [];
    expect(trades.length).toBeGreaterThan(3);
    for (const trade of trades) {
      const i = panel.assets.indexOf(trade.asset);
      const bps = 2 + (trade.asset === 'A003' ? 5 : i + 1);
      expect(trade.cost).toBeCloseTo(Math.abs(trade.weight) * 1_000_000 * bps * 1e-4, 8);
    }
    expect(decided?.events.some((e) => e.kind === 'cost-default' && /1 blank cost cell/.test(e.detail))).toBe(true);
  });

  it('charges a user trading-cost term from costs.terms: a quadratic cost c·T²/NAV built at each decision', async () => {
    const market = generateSyntheticMarket({ seed: 12, assets: 12, days: 160 }).market;
    const c = 0.5;
    /** Quadratic impact `c·z²` in weights, `c·T²/NAV` in currency, with the LP's breakpoints every 0.5% of NAV. */
    const quadratic = ({ nav }: { nav: number }): TradingCost => ({
      name: 'quadratic',
      cost: (_i, z) => c * z * z,
      breakpoints: (_i, limit) => Array.from({ length: Math.max(0, Math.ceil(limit / 0.005) - 1) }, (_, k) => 0.005 * (k + 1)),
      realised: (_i, T) => (c * T * T) / nav,
      restrict(): TradingCost {
        return this;
      },
    });
    const strategy = smallStrategy({ costs: { commissionBps: 2, halfSpreadBps: 5, terms: [quadratic] } });
    const recorder = new MemoryRecorder();
    await runWalkForward({ strategy, market, solvers: [await createHighsSolver()], recorder });
    const decided = recorder.days.find((d) => d.rebalance?.status === 'optimal');
    const executed = recorder.days.find((d) => d.date === decided?.rebalance?.executeDate);
    const trades = executed?.trades.filter((x) => x.reason === 'rebalance') ?? [];
    expect(trades.length).toBeGreaterThan(3);
    for (const trade of trades) {
      const T = Math.abs(trade.weight) * 1_000_000;
      expect(trade.cost).toBeCloseTo(T * 7e-4 + (c * T * T) / 1_000_000, 6);
    }
  });
});
